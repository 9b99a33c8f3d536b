using k8s;
using Orchestrator.Api;
using Orchestrator.Sandbox;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User story on a cluster that enforces RBAC (the sandbox in <see cref="AuthorizationMode.Rbac"/>): the controller runs
/// as the chart's ServiceAccount with exactly the chart's ClusterRole (<see cref="ChartIdentity"/>), the agent as the
/// pod's ServiceAccount with its projected token, and the agent must still get the controller's save requests and
/// report its checkpoints on its own pod.
/// </summary>
public sealed class AgentRbacTests
{
    [Fact]
    public async Task With_RBAC_enforced_the_agent_answers_periodic_save_requests_and_the_checkpoint_reaches_the_status()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 30, sandbox: o => o with { Authorization = AuthorizationMode.Rbac }, controllerAsChart: true);
        await world.CreateAsync(world.Quickstart("rbac", steps: 600, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "1m"));

        var pod = await world.WaitForTrainerStepAsync("rbac", attempt: 1, step: 5, TimeSpan.FromMinutes(2));
        var running = await world.WaitForAsync("rbac", r => r.Status?.LastCheckpoint is not null, TimeSpan.FromMinutes(2), "a checkpoint the agent saved on a periodic request");
        var answered = (await world.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")).Metadata.Annotations;

        Assert.Equal(RunPhase.Running, running.Status!.Phase);
        Assert.True(answered.TryGetValue(Annotations.SaveCompleted, out var id) && id.Contains("periodic", StringComparison.Ordinal), "the agent did not mark a periodic request answered on its pod");
    }
}
