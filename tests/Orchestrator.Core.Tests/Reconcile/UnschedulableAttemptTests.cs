using System.Globalization;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>
/// Kueue admits on quota alone, so missing spot capacity shows as admitted workers that no node fits. The run says so,
/// and the capacity policy counts that time as spot not being available.
/// </summary>
public sealed class UnschedulableAttemptTests
{
    private const string SchedulerMessage = "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.";

    [Fact]
    public void An_admitted_attempt_no_node_fits_reports_the_schedulers_message_once_not_just_Queued()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity = new CapacitySpec { Fallback = new FallbackSpec { Policies = [FallbackPolicy.Never] } });
        cluster.Step();
        Pend(cluster, attempt: 1);

        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Queued, cluster.Status.Phase);
        var running = cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Running);
        Assert.Equal(("False", ConditionReasons.Unschedulable), (running.Status, running.Reason));
        Assert.Contains("2 of 2 workers are unschedulable on spot", running.Message, StringComparison.Ordinal);
        Assert.Contains(SchedulerMessage, running.Message, StringComparison.Ordinal);
        var warning = Assert.Single(cluster.Events, e => e.Reason == ConditionReasons.Unschedulable);
        Assert.True(warning.Warning);
        Assert.Contains("Fallback policy Never", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_AfterPreemptions_alone_spot_workers_unschedulable_for_spotWait_fall_back_to_on_demand()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        Pend(cluster, attempt: 1);

        var waiting = cluster.Step(TimeSpan.FromMinutes(10));
        Assert.Single(cluster.Status.Attempts!);
        Assert.Equal(TimeSpan.FromMinutes(20), waiting.RequeueAfter);

        cluster.Step(TimeSpan.FromMinutes(20));

        Assert.Equal([CapacityType.Spot, CapacityType.OnDemand], cluster.Status.Attempts!.Select(a => a.Capacity));
        Assert.Equal(AttemptEndReason.Suspended, cluster.Status.Attempts![0].EndReason);
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.FallbackToOnDemand && e.Message.Contains("unschedulable for 30m", StringComparison.Ordinal));
    }

    [Fact]
    public void Under_Deadline_unschedulable_spot_counts_as_unavailable_after_the_grace_not_after_a_whole_changeover()
    {
        var start = Cluster.T0;
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity = new CapacitySpec
        {
            Fallback = new FallbackSpec { Policies = [FallbackPolicy.Deadline], Deadline = start.AddHours(6), ExpectedDuration = "110m", ChangeoverDelay = "30m" },
        });
        cluster.Step();
        Pend(cluster, attempt: 1);

        var inGrace = cluster.Step(TimeSpan.FromMinutes(1));
        Assert.Single(cluster.Status.Attempts!);
        Assert.Equal(ReconcileSettings.Default.UnschedulableGrace - TimeSpan.FromMinutes(1), inGrace.RequeueAfter);

        cluster.Step(ReconcileSettings.Default.UnschedulableGrace);

        Assert.Equal([CapacityType.Spot, CapacityType.OnDemand], cluster.Status.Attempts!.Select(a => a.Capacity));
    }

    [Fact]
    public void AfterSpotWait_that_fires_on_a_queued_spot_attempt_starts_the_next_attempt_on_on_demand_not_spot_again()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity = new CapacitySpec { Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterSpotWait], SpotWait = "10m" } });
        cluster.Step();
        Pend(cluster, attempt: 1);

        cluster.Step(TimeSpan.FromMinutes(10));

        Assert.Equal([CapacityType.Spot, CapacityType.OnDemand], cluster.Status.Attempts!.Select(a => a.Capacity));
        Assert.Equal("on-demand", cluster.Status.Attempts![1].Queue);
    }

    [Fact]
    public void Workers_merely_waiting_for_admission_are_not_unschedulable()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();

        cluster.Step(TimeSpan.FromHours(2));

        Assert.Single(cluster.Status.Attempts!);
        Assert.Equal(ConditionReasons.AttemptCreated, cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.Running).Reason);
    }

    /// <summary>The scheduler finds no node for the attempt's workers, from now on.</summary>
    private static void Pend(Cluster cluster, int attempt)
    {
        for (var rank = 0; rank < cluster.Run.Spec.Workers; rank++)
        {
            cluster.Pods.Add(new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    Name = string.Create(CultureInfo.InvariantCulture, $"quick-{attempt}-{rank}-pend"),
                    Labels = new Dictionary<string, string> { [Labels.Run] = "quick", [Labels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture) },
                },
                Spec = new V1PodSpec(),
                Status = new V1PodStatus
                {
                    Phase = "Pending",
                    Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = SchedulerMessage, LastTransitionTime = cluster.Now.UtcDateTime }],
                },
            });
        }
    }
}
