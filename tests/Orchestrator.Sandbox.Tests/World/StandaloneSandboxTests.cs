using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class StandaloneSandboxTests
{
    [Fact]
    public async Task The_standalone_sandbox_writes_a_kubeconfig_kubectl_uses_to_see_its_nodes_and_queues_and_stops_on_cancel()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sandbox-world-" + Guid.NewGuid().ToString("N"));
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        using var stop = new CancellationTokenSource();
        var log = new StringWriter();
        var run = SandboxCluster.RunStandaloneAsync(kubeconfig, port: 0, stop.Token, new SandboxClusterOptions { TimeScale = 60 }, log);
        try
        {
            await Eventually.Until(() => Task.FromResult(File.Exists(kubeconfig) || run.IsCompleted), "the kubeconfig");
            Assert.False(run.IsFaulted, run.Exception?.ToString());
            var kubectl = new Kubectl(kubeconfig);

            var nodes = await kubectl.RunAsync("get", "nodes", "-L", "karpenter.sh/capacity-type", "--no-headers");
            Assert.True(nodes.ExitCode == 0, nodes.ToString());
            var lines = nodes.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(8, lines.Length);
            Assert.Equal(4, lines.Count(l => l.StartsWith("spot-", StringComparison.Ordinal) && l.TrimEnd().EndsWith("spot", StringComparison.Ordinal)));

            var queues = await kubectl.RunAsync("get", "clusterqueues.kueue.x-k8s.io", "-o", "name");
            Assert.True(queues.ExitCode == 0, queues.ToString());
            Assert.Contains("gpu-spot-first", queues.Stdout, StringComparison.Ordinal);
            Assert.Contains("serving http://127.0.0.1:", log.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(Eventually.DefaultTimeout);
            Directory.Delete(folder, recursive: true);
        }
    }
}
