using Orchestrator.Core.Simulation;

namespace Orchestrator.Core.Tests.Simulation;

public sealed class MultiZoneSimulatorTests
{
    private static readonly SimulationParameters Parameters = new(TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromMinutes(30), 1, 3)
    {
        Stride = TimeSpan.FromHours(2),
    };

    [Fact]
    public void Staying_in_one_zone_is_the_single_zone_replay()
    {
        var a = Traces.Hourly("110011001100110011001100");
        var b = Traces.Hourly("001100110011001100110011");
        var zones = MultiZoneSimulator.Simulate([("a", a), ("b", b)], Parameters);
        var single = TraceSimulator.Simulate(a, Parameters, [SimulatedPolicies.Deadline])[0];
        Assert.Equal(single with { Policy = "stay a" }, zones[0]);
        Assert.Equal(["stay a", "stay b", "eager-next-zone", "zone-policy", "oracle"], zones.Select(z => z.Policy));
    }

    [Fact]
    public void Two_zones_that_take_turns_beat_either_one_alone()
    {
        var a = Traces.Hourly("110011001100110011001100");
        var b = Traces.Hourly("001100110011001100110011");
        var zones = MultiZoneSimulator.Simulate([("a", a), ("b", b)], Parameters).ToDictionary(z => z.Policy);
        var best = Math.Max(zones["stay a"].SavingsPercent, zones["stay b"].SavingsPercent);
        Assert.True(zones["oracle"].SavingsPercent > best, $"oracle {zones["oracle"].SavingsPercent:F1} vs best zone {best:F1}");
        Assert.True(zones["zone-policy"].SavingsPercent > best, $"zone-policy {zones["zone-policy"].SavingsPercent:F1} vs best zone {best:F1}");
        Assert.All(zones.Values, z => Assert.Equal(0, z.DeadlineMisses));
    }

    [Fact]
    public void Traces_of_different_periods_are_refused()
    {
        var hourly = Traces.Hourly("1111");
        var minutes = SpotTraceParser.Parse("""{"metadata":{"gap_seconds":60},"data":[1,1,1,1]}""");
        var error = Assert.Throws<ArgumentException>(() => MultiZoneSimulator.Simulate([("a", hourly), ("b", minutes)], Parameters));
        Assert.Contains("gap_seconds", error.Message, StringComparison.Ordinal);
    }
}
