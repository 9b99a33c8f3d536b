using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>The restore init container's permission check (its termination message) becomes the AgentAccess condition.</summary>
public sealed class AgentAccessTests
{
    private const string Denied = AgentTerminationMessage.ForbiddenPrefix + "the agent's ServiceAccount may not watch, patch pods (its own pod q-1-0-abcde) in namespace ml";

    public static TheoryData<string, string?, string?> Messages => new()
    {
        { "no message: nothing known", null, null },
        { "permitted", AgentTerminationMessage.Permitted, ConditionReasons.AgentPermitted },
        { "denied", Denied, ConditionReasons.AgentForbidden },
        { "a message of another kind", "exit status 1", null },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void The_condition_follows_the_restore_containers_termination_message(string name, string? message, string? reason)
    {
        _ = name;
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        if (message is not null)
        {
            cluster.RestoreEnded(1, message);
        }

        cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Equal(reason, cluster.Status.Conditions!.SingleOrDefault(c => c.Type == ConditionTypes.AgentAccess)?.Reason);
    }

    [Fact]
    public void A_denial_the_sidecar_found_mid_run_counts_too()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.RestoreEnded(1, Denied, AttemptNames.AgentContainer);

        cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Equal(ConditionReasons.AgentForbidden, cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.AgentAccess).Reason);
    }

    [Fact]
    public void A_denial_is_one_Warning_Event_naming_the_verbs_and_namespace_not_one_per_reconcile()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.RestoreEnded(1, Denied);

        var first = cluster.Step(TimeSpan.FromSeconds(5));
        var again = cluster.Step(TimeSpan.FromSeconds(5));

        var warning = Assert.Single(first.Actions.OfType<PublishEvent>(), e => e.Reason == ConditionReasons.AgentForbidden);
        Assert.True(warning.Warning);
        Assert.Contains("may not watch, patch pods", warning.Message, StringComparison.Ordinal);
        Assert.Contains("in namespace ml", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(again.Actions.OfType<PublishEvent>(), e => e.Reason == ConditionReasons.AgentForbidden);
        var condition = cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.AgentAccess);
        Assert.Equal("False", condition.Status);
    }
}
