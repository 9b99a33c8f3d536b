using System.Text.Json;
using Orchestrator.Api;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>The agent's progress annotation reaches status.progress with an ETA and on-track, and feeds the Deadline policy.</summary>
public sealed class ProgressTrackingTests
{
    private static void Report(Cluster cluster, int attempt, long step, long? total, double? stepSeconds)
    {
        var pod = cluster.PodsOf(attempt).First();
        var progress = new ProgressStatus { Step = step, TotalSteps = total, StepSeconds = stepSeconds, ReportedAt = cluster.Now };
        pod.Metadata.Annotations[Annotations.Progress] = JsonSerializer.Serialize(progress);
    }

    [Fact]
    public void A_report_becomes_status_progress_with_eta_and_on_track()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity!.Fallback!.Deadline = Cluster.T0 + TimeSpan.FromHours(10));
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));

        Report(cluster, 1, step: 100, total: 1000, stepSeconds: 30);
        cluster.Step();

        var progress = cluster.Status.Progress!;
        Assert.Equal(100, progress.Step);
        Assert.Equal(1000, progress.TotalSteps);
        Assert.Equal(30, progress.StepSeconds);
        Assert.Equal(cluster.Now + TimeSpan.FromSeconds(900 * 30), progress.Eta);
        Assert.True(progress.OnTrack);

        cluster.Now += TimeSpan.FromMinutes(1);
        Report(cluster, 1, step: 101, total: 1000, stepSeconds: 60);
        cluster.Step();
        Assert.False(cluster.Status.Progress!.OnTrack);
    }

    [Fact]
    public void A_first_report_without_a_step_time_keeps_the_previous_one()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        Report(cluster, 1, step: 10, total: 100, stepSeconds: 6);
        cluster.Step();
        cluster.Now += TimeSpan.FromMinutes(1);
        Report(cluster, 1, step: 12, total: null, stepSeconds: null);
        cluster.Step();

        Assert.Equal(12, cluster.Status.Progress!.Step);
        Assert.Equal(6, cluster.Status.Progress.StepSeconds);
        Assert.Equal(100, cluster.Status.Progress.TotalSteps);
        Assert.Null(cluster.Status.Progress.OnTrack);
    }

    [Fact]
    public void Without_expected_duration_the_deadline_policy_uses_the_reported_compute()
    {
        // 2 workers, deadline in 5 h; the trainer says 10 of 1000 steps at 17 s: 4.7 h left, less than the safety
        // margin from an on-demand finish, so the run must go on-demand for good.
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity!.Fallback = new FallbackSpec
        {
            Policies = [FallbackPolicy.Deadline],
            Deadline = Cluster.T0 + TimeSpan.FromHours(5),
        });
        cluster.Step();
        Assert.Equal(CapacityType.Spot, cluster.Status.Attempts![^1].Capacity);
        Assert.DoesNotContain(cluster.Status.Conditions!, c => c.Type == ConditionTypes.SpecValid && c.Status == "False");
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        Report(cluster, 1, step: 10, total: 1000, stepSeconds: 17);
        cluster.Exit(cluster.PodsOf(1).First(), 1, "Evicted");
        cluster.Step(TimeSpan.FromSeconds(1));
        cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Equal(CapacityType.OnDemand, cluster.Status.Attempts![^1].Capacity);
    }
}
