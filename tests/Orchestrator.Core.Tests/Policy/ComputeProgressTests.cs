using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Tests.Policy;

public sealed class ComputeProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0 + TimeSpan.FromHours(hours);

    [Fact]
    public void Progress_is_running_time_less_changeovers_and_lost_work()
    {
        var attempts = new[]
        {
            // 3 h on spot, 0.2 h changeover, 0.5 h lost at the preemption: 2.3 h.
            new AttemptRecord { Index = 0, Capacity = CapacityType.Spot, CreateTime = H(0), StartTime = H(0), EndTime = H(3), LostWorkSeconds = 1800 },
            // Never ran: nothing.
            new AttemptRecord { Index = 1, Capacity = CapacityType.Spot, CreateTime = H(3), EndTime = H(3.5) },
            // Running on-demand since 3.5 h, now 5 h: 1.5 − 0.2 = 1.3 h.
            new AttemptRecord { Index = 2, Capacity = CapacityType.OnDemand, CreateTime = H(3.5), StartTime = H(3.5) },
        };

        var done = ComputeProgress.Estimate(attempts, TimeSpan.FromHours(0.2), now: H(5));

        Assert.Equal(3.6, done.TotalHours, precision: 9);
    }

    [Theory]
    [InlineData("queued", null, null, AttemptState.Queued)]
    [InlineData("running", 1.0, null, AttemptState.Running)]
    [InlineData("ended", 1.0, 2.0, AttemptState.Ended)]
    [InlineData("ended without ever running", null, 2.0, AttemptState.Ended)]
    public void Status_attempts_map_to_policy_observations(string name, double? start, double? end, AttemptState expected)
    {
        var record = new AttemptRecord
        {
            Index = 3,
            Capacity = CapacityType.Spot,
            CreateTime = H(0.5),
            StartTime = start is { } s ? H(s) : null,
            EndTime = end is { } e ? H(e) : null,
        };

        var observation = AttemptObservation.From(record);

        Assert.True(expected == observation.State, name);
        Assert.Equal(H(0.5), observation.CreatedAt);
        Assert.Equal(3, observation.Index);
    }
}
