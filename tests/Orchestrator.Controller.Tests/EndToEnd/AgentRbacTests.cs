using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Rbac;
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
        // The agent reports the commit before it marks the request answered (SidecarCommand), so the status can show the
        // checkpoint a moment before the pod shows the answer: wait for the answer rather than read it once.
        await world.WaitUntilAsync(
            async () => (await world.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")).Metadata.Annotations?.TryGetValue(Annotations.SaveCompleted, out var id) == true
                && id.Contains("periodic", StringComparison.Ordinal),
            TimeSpan.FromMinutes(1), "the agent marking a periodic request answered on its pod");

        Assert.Equal(RunPhase.Running, running.Status!.Phase);
        var access = running.Status.Conditions!.Single(c => c.Type == ConditionTypes.AgentAccess);
        Assert.Equal(("True", ConditionReasons.AgentPermitted), (access.Status, access.Reason));
    }

    /// <summary>
    /// A binding the controller does not own (hand-edited, or left by another tool) under the agent's deterministic name:
    /// the controller keeps it, so the agent's ServiceAccount has no pod permission. The agent must say so, not stay silent.
    /// </summary>
    [Fact]
    public async Task An_agent_without_pod_permissions_marks_the_run_AgentForbidden_with_a_Warning_Event_naming_the_verbs_and_namespace()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 30, sandbox: o => o with { Authorization = AuthorizationMode.Rbac }, controllerAsChart: true);
        await world.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = AgentRbacObjects.BindingName(AgentRbacObjects.Name), NamespaceProperty = "default" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = AgentRbacObjects.Name },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "someone-else", NamespaceProperty = "default" }],
            },
            "default");
        await world.CreateAsync(world.Quickstart("denied", steps: 600, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "1m"));

        var denied = await world.WaitForAsync("denied", r => r.Status?.Conditions?.Any(c => c.Type == ConditionTypes.AgentAccess) == true, TimeSpan.FromMinutes(2), "the AgentAccess condition");

        var access = denied.Status!.Conditions!.Single(c => c.Type == ConditionTypes.AgentAccess);
        Assert.Equal(("False", ConditionReasons.AgentForbidden), (access.Status, access.Reason));
        Assert.Contains("may not watch, patch pods", access.Message, StringComparison.Ordinal);
        Assert.Contains("in namespace default", access.Message, StringComparison.Ordinal);
        await world.WaitUntilAsync(async () => (await world.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Any(e => e.InvolvedObject.Name == "denied" && e.Type == "Warning" && e.Reason == ConditionReasons.AgentForbidden && e.Message.Contains("may not watch, patch pods", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(1), "the Warning Event");
    }
}
