using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>
/// A preemption's signals reach the controller in either order: a pod's DisruptionTarget condition (window unknown,
/// 30 s by default) often a moment before its node's taint (120 s for NTH). The decision must not depend on the order.
/// </summary>
public sealed class NoticeOrderTests
{
    private const string NthTaint = "aws-node-termination-handler/spot-itn";

    [Fact]
    public void A_pod_condition_seen_before_the_nodes_taint_gets_the_taints_window_and_the_just_in_time_save()
    {
        var cluster = RunningOnSpot();
        var disrupted = cluster.Now;
        cluster.Disrupt(cluster.PodsOf(1).First());

        // Under load the reconcile runs a little late; 30 s minus that leaves too little for the 30 s prior save estimate.
        var early = cluster.Step(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(early.Actions, a => a is RequestSave or CreateJob or DeleteJob);
        Assert.Null(cluster.Status.Attempts![0].EndTime);
        Assert.Equal(RunPhase.Checkpointing, cluster.Status.Phase);

        cluster.Taint("spot-node-1-0", NthTaint);
        var revised = cluster.Step(TimeSpan.FromSeconds(3));

        var saves = revised.Actions.OfType<RequestSave>().ToList();
        Assert.Equal(2, saves.Count);
        Assert.All(saves, s => Assert.Equal("a1-notice", s.RequestId));
        Assert.Equal(disrupted, cluster.Status.Notice!.ReceivedTime);
        Assert.Equal(disrupted + TimeSpan.FromSeconds(120), cluster.Status.Notice.Deadline);
        Assert.Equal(cluster.Now, cluster.Status.Notice.SaveRequestedTime);

        cluster.Commit(1, step: 777, answering: "a1-notice");
        cluster.Step(TimeSpan.FromSeconds(10));
        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts[0].EndReason);
        Assert.Equal(777, cluster.Status.Attempts[1].RestoredStep);
    }

    [Fact]
    public void A_taint_seen_before_the_pod_condition_requests_the_save_at_once_and_the_condition_changes_nothing()
    {
        var cluster = RunningOnSpot();
        cluster.Taint("spot-node-1-0", NthTaint);
        var first = cluster.Step(TimeSpan.FromSeconds(2));
        Assert.Equal(2, first.Actions.OfType<RequestSave>().Count());
        var notice = cluster.Status.Notice!;
        var (received, deadline, requested) = (notice.ReceivedTime, notice.Deadline, notice.SaveRequestedTime);
        Assert.Equal(TimeSpan.FromSeconds(120), deadline - received);

        cluster.Disrupt(cluster.PodsOf(1).First());
        var later = cluster.Step(TimeSpan.FromSeconds(3));

        Assert.DoesNotContain(later.Actions, a => a is RequestSave or CreateJob or DeleteJob or PublishEvent);
        Assert.Equal((received, deadline, requested), (cluster.Status.Notice!.ReceivedTime, cluster.Status.Notice.Deadline, cluster.Status.Notice.SaveRequestedTime));
        Assert.Equal(RunPhase.Checkpointing, cluster.Status.Phase);
    }

    [Fact]
    public void A_pod_condition_whose_node_never_says_more_ends_the_attempt_without_a_save_when_its_default_window_closes()
    {
        var cluster = RunningOnSpot();
        cluster.Disrupt(cluster.PodsOf(1).First());
        cluster.Step(TimeSpan.FromSeconds(2));
        Assert.Null(cluster.Status.Attempts![0].EndTime);

        var closed = cluster.Step(TimeSpan.FromSeconds(29));

        Assert.DoesNotContain(cluster.Applied, a => a is RequestSave { RequestId: "a1-notice" });
        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts[0].EndReason);
        Assert.Contains(cluster.Status.Attempts[0].Evidence!, e => e.Contains("no save requested", StringComparison.Ordinal));
        Assert.Contains(closed.Actions, a => a is CreateJob { Job.Metadata.Name: "quick-2" });
    }

    [Fact]
    public void A_save_too_slow_for_any_window_ends_the_attempt_at_once_as_before()
    {
        var cluster = RunningOnSpot();
        cluster.Status.RecentSaveSeconds = [200];
        cluster.Disrupt(cluster.PodsOf(1).First());

        var result = cluster.Step(TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(result.Actions, a => a is RequestSave);
        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
        Assert.Contains(result.Actions, a => a is CreateJob { Job.Metadata.Name: "quick-2" });
    }

    private static Cluster RunningOnSpot()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Step(TimeSpan.FromMinutes(1));
        return cluster;
    }
}
