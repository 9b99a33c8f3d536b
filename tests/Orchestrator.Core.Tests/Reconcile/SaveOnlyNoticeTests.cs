using Orchestrator.Api;
using Orchestrator.Core.Preemption;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>
/// Karpenter's <c>karpenter.sh/disrupted</c> taint marks a consolidation candidate that may be called off: it asks for a
/// save, and only an eviction (the pods' DisruptionTarget), the pods or the node going ends the attempt.
/// </summary>
public sealed class SaveOnlyNoticeTests
{
    private const string Node = "spot-node-1-0";

    [Fact]
    public void The_default_table_marks_only_the_karpenter_taint_as_save_only()
    {
        Assert.Equal([NoticeSignalTable.KarpenterDisrupted], NoticeSignalTable.Default.Signals.Where(s => !s.EndsAttempt).Select(s => s.Key));
        Assert.False(NoticeSignalTable.Default.EndsAttempt(NoticeSignalTable.KarpenterDisrupted));
        Assert.True(NoticeSignalTable.Default.EndsAttempt("aws-node-termination-handler/spot-itn"));
    }

    [Fact]
    public void A_disrupted_taint_removed_after_the_save_keeps_the_attempt_and_clears_Disrupted()
    {
        var cluster = Noticed();
        cluster.Commit(1, step: 500, answering: "a1-notice");
        var saved = cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Null(cluster.Status.Attempts![0].EndTime);
        Assert.DoesNotContain(saved.Actions, a => a is DeleteJob or CreateJob);
        Assert.Equal(RunPhase.Running, cluster.Status.Phase);
        Assert.Equal(500, cluster.Status.LastCheckpoint!.Step);

        cluster.Untaint(Node, NoticeSignalTable.KarpenterDisrupted);
        var calm = cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Single(cluster.Status.Attempts);
        Assert.Null(cluster.Status.Attempts[0].EndTime);
        Assert.Null(cluster.Status.Notice);
        var disrupted = cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Disrupted);
        Assert.Equal(("False", ConditionReasons.NoticeWithdrawn), (disrupted.Status, disrupted.Reason));
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.NoticeWithdrawn);
        Assert.DoesNotContain(calm.Actions, a => a is DeleteJob or CreateJob);
        Assert.Equal(0, cluster.Status.Preemptions);
    }

    [Fact]
    public void A_disrupted_taint_that_outlives_its_window_still_does_not_end_the_attempt()
    {
        var cluster = Noticed();
        cluster.Step(TimeSpan.FromMinutes(5));

        Assert.Null(cluster.Status.Attempts![0].EndTime);
        Assert.Equal(RunPhase.Running, cluster.Status.Phase);
    }

    [Fact]
    public void The_eviction_that_follows_the_disrupted_taint_ends_the_attempt_as_preempted()
    {
        var cluster = Noticed();
        cluster.Commit(1, step: 500, answering: "a1-notice");
        cluster.Step(TimeSpan.FromSeconds(5));
        foreach (var pod in cluster.PodsOf(1))
        {
            cluster.Disrupt(pod, "EvictionByEvictionAPI");
        }

        var evicted = cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
        Assert.Contains(evicted.Actions, a => a is CreateJob);
        Assert.Equal(500, cluster.Status.Attempts[1].RestoredStep);
    }

    [Fact]
    public void An_ending_signal_taint_removed_again_still_ends_the_attempt_after_its_save()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Taint(Node, "aws-node-termination-handler/spot-itn");
        cluster.Step(TimeSpan.FromSeconds(5));
        cluster.Untaint(Node, "aws-node-termination-handler/spot-itn");
        cluster.Commit(1, step: 500, answering: "a1-notice");

        cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
    }

    private static Cluster Noticed()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Taint(Node, NoticeSignalTable.KarpenterDisrupted);
        var notice = cluster.Step(TimeSpan.FromSeconds(5));
        Assert.Equal(RunPhase.Checkpointing, cluster.Status.Phase);
        Assert.Contains(notice.Actions, a => a is RequestSave { RequestId: "a1-notice" });
        Assert.Equal("True", cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Disrupted).Status);
        return cluster;
    }
}
