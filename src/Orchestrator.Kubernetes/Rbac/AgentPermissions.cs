namespace Orchestrator.Kubernetes.Rbac;

/// <summary>
/// What the checkpoint agent in each worker pod does with the API, in one place: it watches its own pod (a list+watch
/// with <c>fieldSelector=metadata.name=POD</c>) for save requests and merge-patches its own pod's annotations to report.
/// The controller grants exactly these to the agent's ServiceAccount in each namespace (<see cref="AgentRbacObjects"/>).
/// They cannot be narrowed to the agent's own pod: RBAC's <c>resourceNames</c> needs names known in advance, and
/// worker pods get theirs from the Job controller with a random suffix (docs/install.md, "The agent's RBAC").
/// </summary>
public static class AgentPermissions
{
    public static readonly IReadOnlyList<PermissionRule> Rules =
    [
        new("", "pods", ["patch", "watch"]),
    ];
}
