using Orchestrator.Kubernetes.Rbac;

namespace Orchestrator.Kubernetes.Tests.Rbac;

public sealed class ControllerPermissionsTests
{
    [Theory]
    [InlineData("watch runs", "orchestrator.dev", "trainingruns", "watch", true)]
    [InlineData("write run status", "orchestrator.dev", "trainingruns/status", "update", true)]
    [InlineData("remove the finalizer", "orchestrator.dev", "trainingruns/finalizers", "update", true)]
    [InlineData("create attempt jobs", "batch", "jobs", "create", true)]
    [InlineData("never update jobs", "batch", "jobs", "update", false)]
    [InlineData("patch pods for checkpoint requests", "", "pods", "patch", true)]
    [InlineData("never create pods", "", "pods", "create", false)]
    [InlineData("aggregate events", "", "events", "patch", true)]
    [InlineData("leader election update", "coordination.k8s.io", "leases", "update", true)]
    [InlineData("read Kueue workloads", "kueue.x-k8s.io", "workloads", "list", true)]
    [InlineData("never write Kueue workloads", "kueue.x-k8s.io", "workloads", "update", false)]
    [InlineData("never read secrets", "", "secrets", "get", false)]
    [InlineData("never list secrets", "", "secrets", "list", false)]
    [InlineData("create the agent's ServiceAccount", "", "serviceaccounts", "create", true)]
    [InlineData("put the agent's Role back", "rbac.authorization.k8s.io", "roles", "update", true)]
    [InlineData("never escalate", "rbac.authorization.k8s.io", "roles", "escalate", false)]
    [InlineData("never bind", "rbac.authorization.k8s.io", "roles", "bind", false)]
    [InlineData("never delete bindings", "rbac.authorization.k8s.io", "rolebindings", "delete", false)]
    public void Grants_what_the_controller_uses_and_nothing_more(string name, string group, string resource, string verb, bool allowed)
    {
        _ = name;
        Assert.Equal(allowed, ControllerPermissions.Allows(group, resource, verb));
    }

    [Fact]
    public void The_controller_holds_every_permission_it_grants_the_agent_so_RBAC_needs_no_escalate_or_bind()
    {
        foreach (var rule in AgentPermissions.Rules)
        {
            Assert.All(rule.Verbs, verb => Assert.True(ControllerPermissions.Allows(rule.ApiGroup, rule.Resource, verb), $"the controller grants {rule} but lacks {verb}"));
        }
    }

    [Fact]
    public void Each_resource_appears_once_with_sorted_verbs_so_the_chart_comparison_is_exact()
    {
        var rules = ControllerPermissions.Rules;

        Assert.Equal(rules.Count, rules.Select(r => (r.ApiGroup, r.Resource)).Distinct().Count());
        Assert.All(rules, r => Assert.Equal(r.Verbs.Order(StringComparer.Ordinal), r.Verbs));
    }
}
