using Orchestrator.Api;
using Orchestrator.Core.Policy;
using static Orchestrator.Core.Tests.Policy.RunBuilder;

namespace Orchestrator.Core.Tests.Policy;

/// <summary>
/// ROSS with K = 3 (critical ratio (1 + 2√3)/(1 + √3) ≈ 1.634) and a 12 min changeover. At 48 h of compute due in 52 h
/// the warm-up is over at once: δ = 48 h/(1 + √3) ≈ 17.57 h, drawn to start within the first slack, 52 − 48 − 0.2 = 3.8 h.
/// </summary>
public sealed class RossDeadlineTests
{
    private const string Uid = "6f1c2d3e-0000-4000-8000-000000000001";

    private static RunBuilder ARoss(double compute = 48, double deadline = 52, string uid = Uid) =>
        ARun().WithDeadline(compute, deadline).With(o => o with { DeadlineAlgorithm = DeadlineAlgorithm.Ross, Seed = RunSeed.FromUid(uid) });

    private static DateTimeOffset InjectionStart(string uid = Uid) =>
        H(0) + (TimeSpan.FromHours(3.8) * RunSeed.Draw(RunSeed.FromUid(uid), 0));

    private static readonly TimeSpan Delta = TimeSpan.FromHours(48 / (1 + Math.Sqrt(3)));

    [Fact]
    public void The_seed_is_a_pure_function_of_the_uid()
    {
        // Pinned values (FNV-1a and SplitMix64 computed outside .NET): a restarted controller, another process or another
        // platform must draw exactly these, so a change to either function fails here rather than in a user's run.
        Assert.Equal(7166863466237057508UL, RunSeed.FromUid(Uid));
        Assert.NotEqual(RunSeed.FromUid(Uid), RunSeed.FromUid(Uid + "x"));
        Assert.Equal(0.7415648787718233, RunSeed.Draw(42, 0));
        Assert.Equal(0.6680025360466064, RunSeed.Draw(RunSeed.FromUid(Uid), 0));
        Assert.InRange(RunSeed.Draw(42, 0), 0, 1);
        Assert.NotEqual(RunSeed.Draw(42, 0), RunSeed.Draw(43, 0));
    }

    [Fact]
    public void The_draws_spread_over_the_unit_interval()
    {
        var draws = Enumerable.Range(0, 1000).Select(i => RunSeed.Draw(RunSeed.FromUid($"run-{i}"), 0)).ToList();
        Assert.InRange(draws.Average(), 0.45, 0.55);
        Assert.InRange(draws.Count(d => d < 0.1), 70, 130);
    }

    [Fact]
    public void Before_the_drawn_interval_the_run_waits_for_spot()
    {
        var start = InjectionStart();
        var decision = ARoss().OnSpot(H(0)).At(H(0)).Decide();
        Assert.Equal(CapacityType.Spot, decision.Capacity);
        Assert.Contains("before the on-demand interval", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(start, decision.ReevaluateAt);
    }

    [Fact]
    public void Inside_the_interval_a_queued_spot_attempt_is_switched_to_on_demand()
    {
        var start = InjectionStart();
        var decision = ARoss().OnSpot(H(0)).At(start + TimeSpan.FromMinutes(1)).Decide();
        Assert.Equal(CapacityType.OnDemand, decision.Capacity);
        Assert.True(decision.SwitchCurrentAttempt);
        Assert.False(decision.Final);
        Assert.Equal(start + Delta, decision.ReevaluateAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Inside_the_interval_a_running_spot_instance_is_kept()
    {
        var start = InjectionStart();
        var decision = ARoss().OnSpot(H(0), running: H(0)).Done(start.Subtract(H(0)).TotalHours - 0.2).At(start + TimeSpan.FromMinutes(1)).Decide();
        Assert.Equal(CapacityType.Spot, decision.Capacity);
        Assert.False(decision.SwitchCurrentAttempt);
    }

    [Fact]
    public void The_paper_variant_takes_the_interval_on_demand_even_over_running_spot()
    {
        var start = InjectionStart();
        var decision = ARoss().With(o => o with { Ross = new RossTuning(SpotDuringInjection: false, UniformOutsideInjection: false) })
            .OnSpot(H(0), running: H(0)).Done(start.Subtract(H(0)).TotalHours - 0.2).At(start + TimeSpan.FromMinutes(1)).Decide();
        Assert.Equal(CapacityType.OnDemand, decision.Capacity);
        Assert.True(decision.SwitchCurrentAttempt);
    }

    [Fact]
    public void After_the_interval_the_run_returns_to_spot()
    {
        var start = InjectionStart();
        var end = start + Delta;
        var decision = ARoss().OnSpot(H(0)).Preempted(start).OnDemand(start, running: start)
            .Done(Delta.TotalHours - 0.2).At(end + TimeSpan.FromMinutes(5)).Decide();
        Assert.Equal(CapacityType.Spot, decision.Capacity);
        Assert.True(decision.SwitchCurrentAttempt);
        Assert.Contains("past the on-demand interval", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_safety_net_still_overrides_the_schedule()
    {
        var decision = ARoss().Done(40).At(H(47.5)).Decide();
        Assert.Equal(CapacityType.OnDemand, decision.Capacity);
        Assert.True(decision.Final);
        Assert.Contains("safety net", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_loose_deadline_the_warm_up_follows_uniform_progress_until_the_critical_ratio()
    {
        // 10 h of compute due in 30 h: (30 − 0.2)/10 > 1.634 at the start; idle, the ratio reaches it at 30 − 0.2 − 16.34 ≈ 13.46 h.
        var warm = ARoss(compute: 10, deadline: 30).OnSpot(H(0)).At(H(1)).Decide();
        var uniform = ARun().WithDeadline(10, 30).OnSpot(H(0)).At(H(1)).Decide();
        Assert.Equal("ROSS warm-up: " + uniform.Reason, warm.Reason);
        Assert.Equal(uniform.Capacity, warm.Capacity);

        var crossing = H(30 - 0.2 - (10 * RossSchedule.CriticalRatio(3)));
        var before = ARoss(compute: 10, deadline: 30).OnSpot(H(0)).At(crossing - TimeSpan.FromMinutes(1)).Decide();
        Assert.StartsWith("ROSS warm-up: ", before.Reason, StringComparison.Ordinal);
        var after = ARoss(compute: 10, deadline: 30).OnSpot(H(0)).At(crossing + TimeSpan.FromMinutes(1)).Decide();
        Assert.StartsWith("ROSS: ", after.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_controller_decides_the_same_from_the_history_alone()
    {
        var at = H(1.5);
        var first = ARoss().OnSpot(H(0), running: H(0)).Preempted(H(1)).OnSpot(H(1)).Done(0.8).At(at).Decide();
        var again = ARoss().OnSpot(H(0), running: H(0)).Preempted(H(1)).OnSpot(H(1)).Done(0.8).At(at).Decide();
        Assert.Equal(first, again);
        var other = ARoss(uid: "another-run").OnSpot(H(0), running: H(0)).Preempted(H(1)).OnSpot(H(1)).Done(0.8).At(at).Decide();
        Assert.NotEqual(first.Reason, other.Reason);
    }

    [Fact]
    public void The_critical_ratio_follows_the_price_ratio()
    {
        Assert.Equal((1 + (2 * Math.Sqrt(3))) / (1 + Math.Sqrt(3)), RossSchedule.CriticalRatio(3), 10);
        Assert.Equal(1.5, RossSchedule.CriticalRatio(1), 10);
    }
}
