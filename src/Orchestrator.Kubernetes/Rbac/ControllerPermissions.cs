using Orchestrator.Api;
using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Kubernetes.Rbac;

/// <summary>
/// Every API permission the controller uses, in one place. The Helm chart's ClusterRole must grant exactly these
/// (a chart test compares them); when code starts using a new verb or resource, add it here in the same change.
/// </summary>
public static class ControllerPermissions
{
    /// <summary>The rules, one per group and resource, verbs sorted.</summary>
    public static readonly IReadOnlyList<PermissionRule> Rules =
    [
        new(ApiGroup.Name, ApiGroup.Plural, Verbs("get", "list", "watch", "update", "patch")),
        new(ApiGroup.Name, ApiGroup.Plural + "/status", Verbs("update", "patch")),
        new(ApiGroup.Name, ApiGroup.Plural + "/finalizers", Verbs("update")),
        new("batch", "jobs", Verbs("create", "get", "list", "watch", "delete")),
        new("", "pods", Verbs("get", "list", "watch", "patch", "delete")),
        new("", "services", Verbs("create")),
        new("", "nodes", Verbs("get", "list", "watch")),
        new("", "events", Verbs("create", "patch")),
        new("coordination.k8s.io", "leases", Verbs("get", "create", "update")),
        new(KueueApi.Group, KueueApi.WorkloadPlural, Verbs("get", "list", "watch")),

        // The agent's ServiceAccount, Role and RoleBinding in each namespace with runs (AgentRbacObjects). RBAC lets the
        // controller grant the agent's pod permissions without escalate or bind because it holds them itself (pods).
        new("", "serviceaccounts", Verbs("create")),
        new("rbac.authorization.k8s.io", "roles", Verbs("create", "update")),
        new("rbac.authorization.k8s.io", "rolebindings", Verbs("create")),
        // The on-demand pinning is derived from the on-demand LocalQueue's ClusterQueue and its ResourceFlavors' nodeLabels.
        new(KueueApi.Group, KueueQueuePlurals.LocalQueues, Verbs("get", "list", "watch")),
        new(KueueApi.Group, KueueQueuePlurals.ClusterQueues, Verbs("get", "list", "watch")),
        new(KueueApi.Group, KueueQueuePlurals.ResourceFlavors, Verbs("get", "list", "watch")),
    ];

    /// <summary>Whether the rules allow <paramref name="verb"/> on <paramref name="resource"/> of <paramref name="apiGroup"/>.</summary>
    public static bool Allows(string apiGroup, string resource, string verb) =>
        Rules.Any(r => r.ApiGroup == apiGroup && r.Resource == resource && r.Verbs.Contains(verb));

    private static string[] Verbs(params string[] verbs) => [.. verbs.Order(StringComparer.Ordinal)];
}
