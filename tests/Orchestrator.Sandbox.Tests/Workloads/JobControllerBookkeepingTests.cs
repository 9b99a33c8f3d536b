using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Jobs;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>The Job controller's own records: consistent with the pod informer at any interleaving, and not kept forever.</summary>
public sealed class JobControllerBookkeepingTests
{
    [Fact]
    public async Task A_pod_that_reaches_the_cache_while_a_reconcile_takes_its_view_gets_no_second_pod_for_its_index()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var controller = cluster.Jobs!;
        const string Key = WorkloadCluster.Ns + "/twinless";
        using var viewTaken = new ManualResetEventSlim();
        var raced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var laterView = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Hold the first pod's ADDED event back until a reconcile has taken a view without it, then let it land
        // before that reconcile decides what to create: the interleaving a loaded machine produces by chance.
        controller.BeforePodRecorded = pod =>
        {
            if (pod.Metadata.Labels?.TryGetValue("job-name", out var name) == true && name == "twinless" && !raced.Task.IsCompleted)
            {
                viewTaken.Wait(TimeSpan.FromSeconds(60));
            }
        };
        controller.ViewTaken = async (key, seen) =>
        {
            if (key != Key)
            {
                return;
            }

            if (raced.Task.IsCompleted)
            {
                laterView.TrySetResult();
                return;
            }

            if (seen == 0 && (await cluster.PodsOfJobAsync("twinless")).Count > 0)
            {
                viewTaken.Set();
                await Eventually.TrueAsync(() => Task.FromResult(controller.CachedPods(Key) > 0), "the held-back pod in the controller's cache");
                raced.TrySetResult();
            }
        };

        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "twinless", NamespaceProperty = WorkloadCluster.Ns },
            Spec = new V1JobSpec { Template = Pods.Template(Pods.SimulatedContainer("trainer", "duration=inf")), CompletionMode = "Indexed", Completions = 1, Parallelism = 1 },
        };
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        await raced.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // The reconcile that raced has finished once a later one takes its view (one worker drains the queue).
        await laterView.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var pods = await cluster.PodsOfJobAsync("twinless");
        Assert.Equal(["0"], pods.Select(p => p.Metadata.Labels[JobLabels.CompletionIndex]));
    }

    [Fact]
    public async Task A_deleted_Jobs_records_are_dropped_once_its_pods_are_gone()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "transient", NamespaceProperty = WorkloadCluster.Ns },
            Spec = new V1JobSpec { Template = Pods.Template(Pods.SimulatedContainer("trainer", "duration=inf")), CompletionMode = "Indexed", Completions = 2, Parallelism = 2 },
        };
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        await cluster.WaitForJobAsync("transient", j => j.Status?.Active == 2 && j.Status.Ready == 2, "two ready pods");
        Assert.Equal((1, 1), cluster.Jobs!.Remembered());

        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("transient", WorkloadCluster.Ns, propagationPolicy: "Background");
        await Eventually.TrueAsync(async () => (await cluster.PodsOfJobAsync("transient")).Count == 0, "the Job's pods gone");

        await Eventually.TrueAsync(() => Task.FromResult(cluster.Jobs.Remembered() == (0, 0)), "the controller to forget the Job");
    }
}
