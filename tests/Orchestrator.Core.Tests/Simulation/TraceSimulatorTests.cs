using Orchestrator.Core.Simulation;

namespace Orchestrator.Core.Tests.Simulation;

/// <summary>
/// Ten-tick traces of one hour per tick, a 4 h job, a 30 min changeover, spot at 1 and on-demand at 3 per hour: every
/// expected figure below is worked out by hand in the case's comment. All on-demand costs (4 + 0.5) × 3 = 13.5.
/// </summary>
public sealed class TraceSimulatorTests
{
    public sealed record SimCase(string Name, string Trace, string Policy, double Deadline, double Cost, double FinishedAfter, double SpotHours, int Preemptions)
    {
        public TimeSpan SpotWait { get; init; } = TimeSpan.FromMinutes(30);

        public int AfterPreemptions { get; init; } = 2;

        public override string ToString() => Name;
    }

    private static readonly SimCase[] Cases =
    [
        // One instance, 0.5 h changeover + 4 h of work, all billed on-demand.
        new("on-demand", "1111111111", SimulatedPolicies.OnDemand, 10, Cost: 13.5, FinishedAfter: 4.5, SpotHours: 0, Preemptions: 0),

        // Spot all along: 4.5 h billed at 1.
        new("greedy on an always-available trace", "1111111111", SimulatedPolicies.Greedy, 10, Cost: 4.5, FinishedAfter: 4.5, SpotHours: 4.5, Preemptions: 0),

        // t0 spot (0.5 done), t1 1.5, t2 lost; t3 new spot: changeover then 2.0, t4 3.0, t5 4.0 → 6 h; 5 h billed on spot.
        new("never waits out an outage and pays a second changeover", "1101111111", SimulatedPolicies.Never, 10, Cost: 5, FinishedAfter: 6, SpotHours: 5, Preemptions: 1),

        // Same trace, n = 1: lost at t2 with 1.5 done → on-demand 0.5 + 2.5 h → 5 h; 2 h spot (2) + 3 h on-demand (9).
        new("after-preemptions(1) falls back at the first loss", "1101111111", SimulatedPolicies.AfterPreemptions, 10, Cost: 11, FinishedAfter: 5, SpotHours: 2, Preemptions: 1)
        {
            AfterPreemptions = 1,
        },

        // Spot queued at t0; t1 waited 1 h < 1.5 h; t2 waited 2 h → on-demand from t2: 4.5 h → 6.5 h, 13.5.
        new("after-spot-wait(1.5h) gives up on a trace that starts dry", "0001111111", SimulatedPolicies.AfterSpotWait, 10, Cost: 13.5, FinishedAfter: 6.5, SpotHours: 0, Preemptions: 0)
        {
            SpotWait = TimeSpan.FromHours(1.5),
        },

        // t2 spot appears before the wait ends: 4.5 h of spot from t2 → 6.5 h, 4.5.
        new("after-spot-wait(2.5h) starts on spot when it comes in time", "0011111111", SimulatedPolicies.AfterSpotWait, 10, Cost: 4.5, FinishedAfter: 6.5, SpotHours: 4.5, Preemptions: 0)
        {
            SpotWait = TimeSpan.FromHours(2.5),
        },

        // Deadline 7 h, safety margin 0.5 + 1 h. t0 spot (0.5 done); t1 lost, slack 7-1-3.5-0.5 = 2 > 1.5: wait; t2 slack 1 ≤ 1.5:
        // on-demand for good, 0.5 + 3.5 h → 6 h. 1 h spot (1) + 4 h on-demand (12) = 13.
        new("greedy waits, then the safety net takes it to on-demand", "1000111111", SimulatedPolicies.Greedy, 7, Cost: 13, FinishedAfter: 6, SpotHours: 1, Preemptions: 1),

        // Deadline 10 h (rate 0.4). t0 spot → 0.5; t1 lost, 0.5 ≥ 0.4 ahead: wait; t2 0.5 < 0.8 behind: on-demand, → 1.0;
        // t3 1.0 < 1.2 → 2.0; t4 2.0 vs 1.6, ahead 0.4 < 1 (two changeovers) → 3.0; t5 3.0 vs 2.0 ahead 1 h, dwell 1 h done,
        // spot available: back to spot, changeover → 3.5; t6 → 4.0 at 6.5 h. Spot 1 + 1 + 0.5 = 2.5, on-demand 3 h (9): 11.5.
        new("deadline falls behind, goes on-demand, returns to spot once ahead", "1001111111", SimulatedPolicies.Deadline, 10, Cost: 11.5, FinishedAfter: 6.5, SpotHours: 2.5, Preemptions: 1),

        // Greedy on the same trace waits the outage out: t3 new spot → 1.0, t4 2.0, t5 3.0, t6 4.0 at 7 h; 5 h of spot.
        new("greedy on the same trace waits and finishes later, cheaper", "1001111111", SimulatedPolicies.Greedy, 10, Cost: 5, FinishedAfter: 7, SpotHours: 5, Preemptions: 1),
    ];

    public static TheoryData<SimCase> All() => [.. Cases];

    [Theory]
    [MemberData(nameof(All))]
    public void Replays_a_small_trace_as_computed_by_hand(SimCase c)
    {
        var parameters = new SimulationParameters(TimeSpan.FromHours(4), TimeSpan.FromHours(c.Deadline), TimeSpan.FromMinutes(30), 1, 3)
        {
            SpotWait = c.SpotWait,
            AfterPreemptions = c.AfterPreemptions,
        };
        var trace = Traces.Hourly(c.Trace);

        var outcome = TraceSimulator.Run(trace, 0, SimulatedPolicies.Create(c.Policy, parameters, trace.Gap), parameters);

        Assert.Equal(c.Cost, outcome.Cost, precision: 9);
        Assert.Equal(c.FinishedAfter, outcome.FinishedAfter!.Value.TotalHours, precision: 9);
        Assert.Equal(c.SpotHours, outcome.SpotBilled.TotalHours, precision: 9);
        Assert.Equal(c.Preemptions, outcome.Preemptions);
        Assert.Equal(c.FinishedAfter <= c.Deadline, outcome.MetDeadline);
    }

    [Fact]
    public void Summary_averages_savings_over_start_points_and_counts_misses()
    {
        // Deadline 5 h in a 9-tick trace, stride 2 h: starts at t0, t2, t4.
        // t0: 1 1 0 1 1 1 → lost at t2 with 1.5 done, new spot at t3, done at 6 h > 5: cost 2 + 3 = 5, a miss.
        // t2: 0 1 1 1 1 1 → spot from t3, 4.5 h billed, done 5.5 h after t2 > 5: cost 4.5, a miss.
        // t4: 1 1 1 1 1 → done at 4.5 h: cost 4.5, met.
        var parameters = new SimulationParameters(TimeSpan.FromHours(4), TimeSpan.FromHours(5), TimeSpan.FromMinutes(30), 1, 3)
        {
            Stride = TimeSpan.FromHours(2),
        };

        var summary = Assert.Single(TraceSimulator.Simulate(Traces.Hourly("110111111"), parameters, [SimulatedPolicies.Never]));

        Assert.Equal(3, summary.Runs);
        Assert.Equal(2, summary.DeadlineMisses);
        Assert.Equal(100 * (((1 - (5 / 13.5)) + (2 * (1 - (4.5 / 13.5)))) / 3), summary.SavingsPercent, precision: 9);
        Assert.Equal(1.0, summary.SpotShare, precision: 9);
        Assert.Equal((6 + 5.5 + 4.5) / 3, summary.MeanFinishHours, precision: 9);
    }

    [Fact]
    public void A_run_that_cannot_finish_is_abandoned_at_the_horizon_as_a_miss()
    {
        var parameters = new SimulationParameters(TimeSpan.FromHours(4), TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 1, 3);

        var summary = Assert.Single(TraceSimulator.Simulate(Traces.Hourly("0000000000"), parameters, [SimulatedPolicies.Never]));

        Assert.Equal(1, summary.Unfinished);
        Assert.Equal(1, summary.DeadlineMisses);
    }

    [Fact]
    public void On_a_bundled_trace_the_deadline_policy_meets_every_70h_deadline_and_saves_more_than_greedy()
    {
        var path = Path.Combine(Traces.BundledFolder(), "availability", "1-node", "aws-02-15-2023", "us-east-1f_v100_1.json");
        using var stream = File.OpenRead(path);
        var trace = SpotTraceParser.Parse(stream);
        var parameters = new SimulationParameters(TimeSpan.FromHours(48), TimeSpan.FromHours(70), TimeSpan.FromHours(0.2), 3.06 / 3, 3.06)
        {
            Stride = TimeSpan.FromHours(12),
        };

        var summaries = TraceSimulator.Simulate(trace, parameters, [SimulatedPolicies.Greedy, SimulatedPolicies.Deadline]).ToDictionary(s => s.Policy);

        Assert.Equal(0, summaries[SimulatedPolicies.Deadline].DeadlineMisses);
        Assert.Equal(0, summaries[SimulatedPolicies.Greedy].DeadlineMisses);
        Assert.True(summaries[SimulatedPolicies.Deadline].SavingsPercent > summaries[SimulatedPolicies.Greedy].SavingsPercent,
            $"deadline {summaries[SimulatedPolicies.Deadline].SavingsPercent:F1}% vs greedy {summaries[SimulatedPolicies.Greedy].SavingsPercent:F1}%");
    }
}
