using Orchestrator.Api;
using Orchestrator.Core.Checkpointing;

namespace Orchestrator.Core.Tests.Checkpointing;

public sealed class CheckpointIntervalTests
{
    private static TimeSpan[] Saves(params double[] seconds) => [.. seconds.Select(TimeSpan.FromSeconds)];

    [Theory]
    // √(2 · 30 s · 1.7 h) = √(2 · 30 · 6120) ≈ 606 s.
    [InlineData("spot before any data: priors", CapacityType.Spot, new double[0], 0, 0, 606.0)]
    // On-demand prior of 30 days: √(2 · 30 · 2,592,000) ≈ 12,470 s, capped at 1 h.
    [InlineData("on-demand before any data: capped at the max", CapacityType.OnDemand, new double[0], 0, 0, 3600)]
    // C = 60 s; M = (10 h + 1.7 h) / (9 + 1) = 1.17 h = 4212 s → √(2 · 60 · 4212) ≈ 711 s.
    [InlineData("spot with observed saves and preemptions", CapacityType.Spot, new[] { 50.0, 70 }, 10, 9, 711.0)]
    // C = 1 s; M = (1.7 h) / 100 → √(2 · 1 · 61.2) ≈ 11 s, raised to the 1 min floor.
    [InlineData("frequent preemptions and fast saves: the min", CapacityType.Spot, new[] { 1.0 }, 0, 99, 60)]
    public void Auto_is_young_daly_from_observations_and_priors(string name, CapacityType capacity, double[] saves, double runningHours, int preemptions, double expectedSeconds)
    {
        var decision = CheckpointInterval.Decide(new CheckpointIntervalInput(null, capacity, Saves(saves), TimeSpan.FromHours(runningHours), preemptions));

        Assert.True(Math.Abs(expectedSeconds - decision.Interval.TotalSeconds) < 1.5, $"{name}: {decision.Interval.TotalSeconds} s ({decision.Basis})");
        Assert.StartsWith("auto: √(2·C·M)", decision.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_interval_is_kept_as_given()
    {
        var decision = CheckpointInterval.Decide(new CheckpointIntervalInput(TimeSpan.FromMinutes(20), CapacityType.Spot, Saves(600), TimeSpan.Zero, 50));

        Assert.Equal(TimeSpan.FromMinutes(20), decision.Interval);
    }

    [Fact]
    public void More_preemptions_mean_shorter_intervals()
    {
        TimeSpan Interval(int preemptions) =>
            CheckpointInterval.Decide(new CheckpointIntervalInput(null, CapacityType.Spot, Saves(30), TimeSpan.FromHours(20), preemptions)).Interval;

        Assert.True(Interval(2) > Interval(10));
    }
}
