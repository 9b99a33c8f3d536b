using Orchestrator.Kubernetes.Rbac;

namespace Orchestrator.Charts.Tests.Rbac;

/// <summary>
/// ControllerPermissions split the way the chart grants them: Lease permissions in the namespaced
/// leader-election Role (the Lease lives in the release namespace), everything else in the ClusterRole.
/// </summary>
internal static class DeclaredPermissions
{
    private const string LeaseGroup = "coordination.k8s.io";
    private const string Leases = "leases";

    public static IReadOnlyList<Permission> ClusterWide => Expand(ControllerPermissions.Rules.Where(r => !IsLease(r)));

    public static IReadOnlyList<Permission> LeaderElection => Expand(ControllerPermissions.Rules.Where(IsLease));

    private static bool IsLease(PermissionRule rule) => rule.ApiGroup == LeaseGroup && rule.Resource == Leases;

    private static List<Permission> Expand(IEnumerable<PermissionRule> rules) =>
        rules.SelectMany(r => r.Verbs.Select(v => new Permission(r.ApiGroup, r.Resource, v))).ToList();
}
