using System.Diagnostics;
using k8s;
using Xunit.Abstractions;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class SimulatedScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thousand_simulated_pods_are_scheduled_run_and_finish()
    {
        const int Count = 1000;
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        for (var i = 0; i < 4; i++)
        {
            await cluster.CreateNodeAsync($"node-{i}", pods: 300);
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) =>
            {
                var pod = Pods.Pod($"sim-{i}", Pods.SimulatedContainer("main", "duration=2", i % 10 == 0 ? "exit=1" : "exit=0"));
                await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns, cancellationToken: ct);
            });
        var created = clock.Elapsed;

        var pods = await Eventually.GetAsync(
            async () =>
            {
                var list = (await cluster.Client.CoreV1.ListNamespacedPodAsync(WorkloadCluster.Ns)).Items;
                return list.Count(p => p.Status?.Phase is "Succeeded" or "Failed" && p.Metadata.Finalizers is null or []) == Count ? list : null;
            },
            $"{Count} finished pods",
            TimeSpan.FromMinutes(3),
            // Listing a thousand pods is itself work for the server: poll gently.
            interval: TimeSpan.FromSeconds(1));
        output.WriteLine($"{Count} pods created in {created.TotalSeconds:F1} s, all finished after {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(Count / 10, pods.Count(p => p.Status.Phase == "Failed" && Pods.ExitCode(p, "main") == 1));
        Assert.Equal(Count - (Count / 10), pods.Count(p => p.Status.Phase == "Succeeded"));
        Assert.Equal(4, pods.Select(p => p.Spec.NodeName).Distinct().Count());
    }
}
