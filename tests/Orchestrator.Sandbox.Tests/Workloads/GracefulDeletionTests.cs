using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class GracefulDeletionTests
{
    /// <summary>A test finalizer keeps the pod readable after the kubelet lets go of it, so its final status can be checked.</summary>
    private const string Hold = "tests.orchestrator.dev/hold";

    private const string TrapsSigterm = """
        import os, signal, sys, time
        def stop(signum, frame):
            open(os.path.join(os.environ["OUT"], "sigterm"), "w").write(str(signum))
            sys.exit(7)
        signal.signal(signal.SIGTERM, stop)
        started = os.path.join(os.environ["OUT"], "started")
        open(started + ".tmp", "w").write(str(os.getpid()))
        os.replace(started + ".tmp", started)
        while True:
            time.sleep(0.05)
        """;

    private const string IgnoresSigterm = """
        import os, signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        started = os.path.join(os.environ["OUT"], "started")
        open(started + ".tmp", "w").write(str(os.getpid()))
        os.replace(started + ".tmp", started)
        while True:
            time.sleep(0.05)
        """;

    [Fact]
    public async Task Deleted_pod_gets_SIGTERM_and_its_exit_code_is_recorded()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        await StartAsync(cluster, "trapper", TrapsSigterm, graceSeconds: 600);

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("trapper", WorkloadCluster.Ns);
        var stopped = await cluster.WaitForPodAsync("trapper", p => !HasKubeletFinalizer(p), "released by the kubelet");

        Assert.Equal("15", await File.ReadAllTextAsync(Path.Combine(cluster.Root, "trapper", "sigterm")));
        Assert.Equal(7, Pods.ExitCode(stopped, "main"));
        Assert.Equal("Error", Pods.Status(stopped, "main").State.Terminated.Reason);
        Assert.Equal("Failed", stopped.Status.Phase);
        await ReleaseAsync(cluster, "trapper");
        await Eventually.TrueAsync(async () => await cluster.TryGetPodAsync("trapper") is null, "pod removed");
    }

    [Fact]
    public async Task Process_ignoring_SIGTERM_is_killed_once_the_grace_period_has_passed()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        await StartAsync(cluster, "stubborn", IgnoresSigterm, graceSeconds: 30);

        var deletedAt = cluster.Clock.GetUtcNow();
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("stubborn", WorkloadCluster.Ns);
        var stopped = await cluster.WaitForPodAsync("stubborn", p => !HasKubeletFinalizer(p), "released by the kubelet");

        Assert.Equal(137, Pods.ExitCode(stopped, "main"));
        var finishedAt = Pods.Status(stopped, "main").State.Terminated.FinishedAt!.Value;
        Assert.True(finishedAt - deletedAt.UtcDateTime >= TimeSpan.FromSeconds(29), $"killed after {finishedAt - deletedAt.UtcDateTime} of a 30 s grace period");
        await ReleaseAsync(cluster, "stubborn");
    }

    [Fact]
    public async Task Pod_on_a_vanished_node_is_killed_at_once_and_released()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        await StartAsync(cluster, "orphan", IgnoresSigterm, graceSeconds: 3600);

        await cluster.Client.CoreV1.DeleteNodeAsync("node-a");
        var stopped = await cluster.WaitForPodAsync("orphan", p => !HasKubeletFinalizer(p), "released by the kubelet");

        Assert.Equal(137, Pods.ExitCode(stopped, "main"));
        Assert.Equal("Failed", stopped.Status.Phase);
        await ReleaseAsync(cluster, "orphan");
    }

    [Fact]
    public async Task Disposing_the_kubelet_kills_every_process_it_started()
    {
        var cluster = await WorkloadCluster.StartAsync(jobs: false);
        int pid;
        try
        {
            await cluster.CreateNodeAsync("node-a");
            await StartAsync(cluster, "leftover", IgnoresSigterm, graceSeconds: 3600);
            pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(cluster.Root, "leftover", "started")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(IsAlive(pid));
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        await Eventually.TrueAsync(() => Task.FromResult(!IsAlive(pid)), $"process {pid} gone");
    }

    private static bool IsAlive(int pid)
    {
        // A killed child that nobody reaped yet is a zombie: gone for every purpose but /proc.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal);
    }

    private static bool HasKubeletFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(ProcessKubeletOptions.DefaultFinalizer) == true;

    private static async Task StartAsync(WorkloadCluster cluster, string name, string script, long graceSeconds)
    {
        var output = Path.Combine(cluster.Root, name);
        Directory.CreateDirectory(output);
        var main = Pods.Python("main", script);
        main.Env = [new V1EnvVar { Name = "OUT", Value = output }];
        var pod = Pods.Pod(name, main);
        pod.Metadata.Finalizers = [Hold];
        pod.Spec.TerminationGracePeriodSeconds = graceSeconds;
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        await cluster.WaitForPodAsync(name, p => p.Status?.Phase == "Running", "running");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(output, "started"))), $"{name} started");
    }

    private static async Task ReleaseAsync(WorkloadCluster cluster, string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync(name, WorkloadCluster.Ns);
            pod.Metadata.Finalizers.Remove(Hold);
            try
            {
                await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, name, WorkloadCluster.Ns);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 20)
            {
                // The kubelet confirmed the deletion in between: read again.
            }
        }
    }
}
