namespace Orchestrator.Sandbox.Time;

/// <summary>
/// A clock that runs <see cref="Factor"/> times faster than real time from <see cref="Start"/>, with
/// timers scaled the same way, so <c>Task.Delay(TimeSpan.FromMinutes(2), clock)</c> takes 1.2 real
/// seconds at factor 100. Every sandbox component waits through it; share the instance with the
/// controller and agent running in-process so they all see the same time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly long _realStartTimestamp;

    public ScaledTimeProvider(double factor, DateTimeOffset? start = null, TimeProvider? real = null)
    {
        if (double.IsNaN(factor) || factor <= 0 || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The time scale factor must be a positive finite number.");
        }

        _real = real ?? System;
        Factor = factor;
        Start = start ?? _real.GetUtcNow();
        _realStartTimestamp = _real.GetTimestamp();
    }

    /// <summary>How many sandbox seconds pass per real second.</summary>
    public double Factor { get; }

    /// <summary>The sandbox instant at which the clock was created.</summary>
    public DateTimeOffset Start { get; }

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => Start + Scale(_real.GetElapsedTime(_realStartTimestamp));

    public override long GetTimestamp()
    {
        var realElapsed = _real.GetTimestamp() - _realStartTimestamp;
        return _realStartTimestamp + (long)(realElapsed * Factor);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    /// <summary>The real duration a sandbox duration takes at this factor.</summary>
    public TimeSpan ToReal(TimeSpan sandboxDuration)
    {
        if (sandboxDuration == Timeout.InfiniteTimeSpan || sandboxDuration <= TimeSpan.Zero)
        {
            return sandboxDuration;
        }

        // A positive sandbox duration must never collapse to zero, which would mean "fire now" for a
        // due time but "never repeat" for a period.
        var ticks = Math.Max(1, (long)(sandboxDuration.Ticks / Factor));
        return TimeSpan.FromTicks(ticks);
    }

    private TimeSpan Scale(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Factor));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
