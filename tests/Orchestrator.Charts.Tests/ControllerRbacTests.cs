using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Rbac;

namespace Orchestrator.Charts.Tests;

/// <summary>
/// The chart grants the controller exactly what ControllerPermissions (src/Orchestrator.Kubernetes/Rbac/)
/// declares: less and the controller gets 403s, more is privilege creep.
/// </summary>
public sealed class ControllerRbacTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    [Fact]
    public void ClusterRole_grants_exactly_the_declared_permissions()
    {
        var granted = RoleRules.Expand(fixture.Defaults.Single("ClusterRole", HelmChart.ReleaseName));
        var difference = RoleRules.Compare(DeclaredPermissions.ClusterWide, granted);
        Assert.True(difference.IsEmpty, "charts/orchestrator/templates/clusterrole.yaml vs ControllerPermissions:\n" + difference);
    }

    [Fact]
    public void Leader_election_role_grants_exactly_the_declared_lease_permissions()
    {
        var role = fixture.Defaults.Single("Role", $"{HelmChart.ReleaseName}-leader-election");
        var difference = RoleRules.Compare(DeclaredPermissions.LeaderElection, RoleRules.Expand(role));
        Assert.True(difference.IsEmpty, "charts/orchestrator/templates/leader-election-role.yaml vs ControllerPermissions:\n" + difference);
        Assert.NotEmpty(DeclaredPermissions.LeaderElection);
    }

    [Fact]
    public void Bindings_give_the_roles_to_the_controllers_service_account()
    {
        var serviceAccount = (string)ObjectPath.Get(fixture.Defaults.Single("Deployment", HelmChart.ReleaseName), "spec.template.spec.serviceAccountName")!;
        foreach (var (kind, name, roleKind) in new[]
                 {
                     ("ClusterRoleBinding", HelmChart.ReleaseName, "ClusterRole"),
                     ("RoleBinding", $"{HelmChart.ReleaseName}-leader-election", "Role"),
                 })
        {
            var binding = fixture.Defaults.Single(kind, name);
            Assert.Equal(roleKind, ObjectPath.Get(binding, "roleRef.kind"));
            Assert.Equal(name, ObjectPath.Get(binding, "roleRef.name"));
            Assert.Equal(serviceAccount, ObjectPath.Get(binding, "subjects.0.name"));
            Assert.Equal(HelmChart.ReleaseNamespace, ObjectPath.Get(binding, "subjects.0.namespace"));
        }
    }
}
