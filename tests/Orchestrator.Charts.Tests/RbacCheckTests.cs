using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Rbac;
using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests;

/// <summary>The RBAC comparison reports a missing and an extra verb, naming the resource and the verb.</summary>
public sealed class RbacCheckTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    public static TheoryData<string, bool, string, string, string> Mutations => new()
    {
        { "a verb removed", false, "batch", "jobs", "create" },
        { "a status verb removed", false, "orchestrator.dev", "trainingruns/status", "update" },
        { "a verb added", true, "", "nodes", "delete" },
        { "a resource added", true, "", "configmaps", "list" },
        { "a wildcard added", true, "", "pods", "*" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Check_reports_the_mutated_verb(string name, bool add, string group, string resource, string verb)
    {
        var role = (Dictionary<string, object?>)YamlValues.DeepCopy(fixture.Defaults.Single("ClusterRole", "orchestrator"))!;
        var declared = DeclaredPermissions.ClusterWide;
        var rules = (List<object?>)role["rules"]!;
        if (add)
        {
            rules.Add(new Dictionary<string, object?> { ["apiGroups"] = new List<object?> { group }, ["resources"] = new List<object?> { resource }, ["verbs"] = new List<object?> { verb } });
        }
        else
        {
            var rule = rules.Cast<Dictionary<string, object?>>().Single(r => ((List<object?>)r["apiGroups"]!).Contains(group) && ((List<object?>)r["resources"]!).Contains(resource));
            Assert.True(((List<object?>)rule["verbs"]!).Remove(verb), $"{name}: the role had no {verb} to remove");
        }

        var difference = RoleRules.Compare(declared, RoleRules.Expand(role));

        var expected = new Permission(group, resource, verb);
        Assert.Equal(add ? [] : [expected], difference.Missing);
        Assert.Equal(add ? [expected] : [], difference.Extra);
        Assert.Contains($"{(add ? "extra" : "missing")} ", difference.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{resource} {verb}", difference.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_roles_have_no_difference()
    {
        var granted = RoleRules.Expand(fixture.Defaults.Single("ClusterRole", "orchestrator"));
        Assert.True(RoleRules.Compare(granted, granted).IsEmpty);
        Assert.NotEmpty(granted);
    }

    [Fact]
    public void Viewer_role_only_reads_and_editor_cannot_write_status()
    {
        var viewer = RoleRules.Expand(fixture.Defaults.Single("ClusterRole", "orchestrator-trainingrun-viewer"));
        Assert.All(viewer, p => Assert.Contains(p.Verb, new[] { "get", "list", "watch" }));
        var editor = RoleRules.Expand(fixture.Defaults.Single("ClusterRole", "orchestrator-trainingrun-editor"));
        Assert.DoesNotContain(editor, p => p.Resource == "trainingruns/status" && p.Verb != "get");
        Assert.Contains(new Permission("orchestrator.dev", "trainingruns", "create"), editor);
    }

    [Theory]
    [InlineData("orchestrator-trainingrun-editor", "rbac.authorization.k8s.io/aggregate-to-edit")]
    [InlineData("orchestrator-trainingrun-editor", "rbac.authorization.k8s.io/aggregate-to-admin")]
    [InlineData("orchestrator-trainingrun-viewer", "rbac.authorization.k8s.io/aggregate-to-view")]
    public void Editor_and_viewer_aggregate_into_the_default_roles(string role, string label)
    {
        var labels = (Dictionary<string, object?>)ObjectPath.Get(fixture.Defaults.Single("ClusterRole", role), "metadata.labels")!;
        Assert.Equal("true", labels[label]);
    }
}
