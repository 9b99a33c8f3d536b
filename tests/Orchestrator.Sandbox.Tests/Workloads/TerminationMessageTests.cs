using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>
/// The kubelet copies what a container wrote to its terminationMessagePath into its terminated state, on success and on
/// failure, capped at 4096 bytes, from a fresh file per run. The agent reports a missing permission this way.
/// </summary>
public sealed class TerminationMessageTests
{
    [Fact]
    public async Task What_a_container_writes_to_its_termination_message_path_is_its_terminated_message_on_success_and_on_failure()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        var init = Pods.Sh("check", "printf 'AgentForbidden: no watch' > \"$MSG\"");
        init.Env = [new V1EnvVar { Name = "MSG", Value = "/dev/termination-log" }];
        var main = Pods.Sh("main", "printf 'x%.0s' $(seq 1 5000) > \"$MSG\"; exit 3");
        main.TerminationMessagePath = "/tmp/why";
        main.Env = [new V1EnvVar { Name = "MSG", Value = "/tmp/why" }];
        var silent = Pods.Sh("silent", "exit 0");
        var pod = Pods.Pod("messages", main, silent);
        pod.Spec.InitContainers = [init];

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync("messages", p => p.Status?.Phase is "Succeeded" or "Failed", "finished");

        Assert.Equal("AgentForbidden: no watch", Assert.Single(done.Status.InitContainerStatuses).State.Terminated.Message);
        var failed = Pods.Status(done, "main").State.Terminated;
        Assert.Equal(3, failed.ExitCode);
        Assert.Equal(new string('x', 4096), failed.Message);
        Assert.Null(Pods.Status(done, "silent").State.Terminated.Message);
    }
}
