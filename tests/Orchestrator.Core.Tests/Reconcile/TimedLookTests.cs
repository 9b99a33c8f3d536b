using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>When a run asks to be looked at again with no event: as rarely as its answer allows (docs/controller.md, Performance).</summary>
public sealed class TimedLookTests
{
    [Fact]
    public void A_run_queued_behind_the_quota_is_looked_at_again_only_after_the_idle_resync()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();

        var queued = cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Queued, cluster.Status.Phase);
        Assert.Equal(ReconcileSettings.Default.IdleResyncPeriod, queued.RequeueAfter);
        Assert.True(ReconcileSettings.Default.IdleResyncPeriod > ReconcileSettings.Default.ResyncPeriod);
    }

    [Fact]
    public void A_queued_run_whose_policy_names_a_time_is_looked_at_then()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Capacity = new CapacitySpec
        {
            Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterSpotWait], SpotWait = "10m" },
        });
        cluster.Step();

        var queued = cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Queued, cluster.Status.Phase);
        Assert.Equal(TimeSpan.FromMinutes(9), queued.RequeueAfter);
    }

    [Fact]
    public void A_running_run_keeps_the_resync_that_refreshes_its_accounting()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Checkpoint.Interval = "24h");
        cluster.Step();
        cluster.StartWorkers(1);

        var running = cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Running, cluster.Status.Phase);
        Assert.Equal(ReconcileSettings.Default.ResyncPeriod, running.RequeueAfter);
    }
}
