namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>A clock running <paramref name="factor"/> times faster than real time, timers included, so grace periods and backoffs pass quickly.</summary>
internal sealed class TestClock(double factor) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = System.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks((long)(System.GetElapsedTime(_startTimestamp).Ticks * factor));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new Scaled(System.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    private TimeSpan ToReal(TimeSpan duration) =>
        duration <= TimeSpan.Zero || duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks(Math.Max(1, (long)(duration.Ticks / factor)));

    private sealed class Scaled(ITimer inner, TestClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
