using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Time;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("real time", 1, 10, 10)]
    [InlineData("sixty times faster", 60, 10, 600)]
    [InlineData("slower than real time", 0.5, 10, 5)]
    public void The_clock_runs_factor_times_faster_from_its_start(string name, double factor, int realSeconds, int sandboxSeconds)
    {
        _ = name;
        var real = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(factor, Start, real);

        real.Advance(TimeSpan.FromSeconds(realSeconds));

        Assert.Equal(Start.AddSeconds(sandboxSeconds), clock.GetUtcNow());
    }

    [Fact]
    public void A_sandbox_delay_completes_after_the_scaled_real_time()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(100, Start, real);

        var delay = Task.Delay(TimeSpan.FromMinutes(2), clock);
        real.Advance(TimeSpan.FromSeconds(1.1));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromSeconds(0.2));

        Assert.True(delay.IsCompleted);
    }

    [Fact]
    public void Elapsed_time_from_timestamps_is_scaled()
    {
        var real = new FakeTimeProvider(Start);
        var clock = new ScaledTimeProvider(30, Start, real);
        var before = clock.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(60), clock.GetElapsedTime(before));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_non_positive_factor_is_rejected(double factor)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(factor));
        Assert.Equal("factor", error.ParamName);
    }
}
