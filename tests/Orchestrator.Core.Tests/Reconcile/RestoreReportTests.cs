using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>The attempt records what its workers report they restored, not what the controller expected.</summary>
public sealed class RestoreReportTests
{
    [Fact]
    public void A_checkpoint_skipped_as_damaged_is_named_in_an_event_and_the_step_actually_restored_is_recorded_once()
    {
        var cluster = PreemptedAfterCommitting(1234);
        Assert.Equal(1234, cluster.Status.Attempts![1].RestoredStep);

        cluster.StartWorkers(2);
        cluster.ReportRestore(2, 1000, ("000000001234-a1", "damaged on rank 1: rank-1/model.bin of 000000001234-a1 does not match its XXH128 checksum"));
        var reported = cluster.Step(TimeSpan.FromSeconds(5));

        var attempt = cluster.Status.Attempts![1];
        Assert.Equal(1000, attempt.RestoredStep);
        Assert.Equal("000000001000-a1", attempt.RestoredCheckpoint);
        Assert.NotNull(attempt.RestoreReportedTime);
        var skipped = Assert.Single(reported.Actions.OfType<PublishEvent>(), e => e.Reason == ConditionReasons.CheckpointSkipped);
        Assert.True(skipped.Warning);
        Assert.Contains("000000001234-a1", skipped.Message, StringComparison.Ordinal);
        Assert.Contains("rank 1", skipped.Message, StringComparison.Ordinal);
        Assert.Single(reported.Actions.OfType<PublishEvent>(), e => e.Reason == ConditionReasons.CheckpointRestored);

        var again = cluster.Step(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(again.Actions.OfType<PublishEvent>(), e => e.Reason is ConditionReasons.CheckpointSkipped or ConditionReasons.CheckpointRestored);
    }

    [Fact]
    public void A_gang_that_restored_nothing_although_a_checkpoint_was_committed_is_a_warning_and_no_restored_step()
    {
        var cluster = PreemptedAfterCommitting(500);
        cluster.StartWorkers(2);
        cluster.ReportRestore(2, null, ("000000000500-a1", "damaged on rank 0: rank-0/model.bin of 000000000500-a1 is missing"));

        var reported = cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Null(cluster.Status.Attempts![1].RestoredStep);
        Assert.Null(cluster.Status.Attempts[1].RestoredCheckpoint);
        var warning = Assert.Single(reported.Actions.OfType<PublishEvent>(), e => e.Reason == ConditionReasons.NothingRestored);
        Assert.True(warning.Warning);
        Assert.Contains("000000000500-a1", warning.Message, StringComparison.Ordinal);
    }

    private static Cluster PreemptedAfterCommitting(long step)
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Commit(1, step);
        cluster.Step();
        cluster.Nodes.Remove("spot-node-1-1");
        cluster.Step(TimeSpan.FromMinutes(3));
        Assert.Equal(2, cluster.Status.Attempts!.Count);
        return cluster;
    }
}
