using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Tests.Preemption;

public sealed class JustInTimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static PreemptionNotice Notice(double windowSeconds) =>
        new("aws-node-termination-handler/spot-itn", "AWS (NTH)", "node/n1", T0, T0.AddSeconds(windowSeconds));

    private static TimeSpan[] Seconds(params double[] values) => [.. values.Select(TimeSpan.FromSeconds)];

    [Theory]
    [InlineData("no data: the 30 s prior fits AWS's 120 s", new double[0], 120, 0, true)]
    [InlineData("no data: the 30 s prior does not fit GKE's 15 s", new double[0], 15, 0, false)]
    [InlineData("fast saves fit GKE's 15 s", new[] { 4.0, 5, 4, 6, 5 }, 15, 0, true)]
    [InlineData("80 s saves fit the 120 s window at receipt", new[] { 80.0, 80 }, 120, 0, true)]
    [InlineData("80 s saves no longer fit 50 s into the window", new[] { 80.0, 80 }, 120, 50, false)]
    [InlineData("one 60 s save counts as 90 s", new[] { 60.0 }, 100, 0, true)]
    [InlineData("one 60 s save does not fit 80 s", new[] { 60.0 }, 80, 0, false)]
    [InlineData("spread widens the estimate beyond the mean", new[] { 20.0, 60, 20, 60 }, 80, 0, false)]
    public void Saves_only_when_the_expected_save_fits(string name, double[] saves, double window, double elapsed, bool expected)
    {
        var estimate = SaveTimeEstimator.Estimate(Seconds(saves));

        var decision = JustInTime.Decide(Notice(window), T0.AddSeconds(elapsed), estimate);

        Assert.True(expected == decision.RequestSave, $"{name}: {decision.Reason}");
        Assert.Equal(T0.AddSeconds(window), decision.WaitUntil);
    }

    [Fact]
    public void SaveOnNotice_off_never_saves()
    {
        var decision = JustInTime.Decide(Notice(120), T0, SaveTimeEstimator.Estimate([]), saveOnNotice: false);

        Assert.False(decision.RequestSave);
    }

    [Fact]
    public void The_estimate_is_mean_plus_two_deviations_and_at_least_the_slowest()
    {
        var estimate = SaveTimeEstimator.Estimate(Seconds(10, 12, 14, 40));

        // mean 19, sample deviation √(((−9)² + (−7)² + (−5)² + 21²)/3) = √(596/3) ≈ 14.095 → 19 + 28.19 ≈ 47.19 s.
        Assert.Equal(47.19, estimate.Expected.TotalSeconds, precision: 2);
        Assert.Equal(4, estimate.Samples);
        Assert.Equal(40, SaveTimeEstimator.Estimate(Seconds(40, 40, 40)).Expected.TotalSeconds, precision: 6);
    }
}
