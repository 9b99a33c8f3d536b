using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Kubernetes.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts timers created and timers still waiting, so a test can wait until
/// the code under test is idle on the clock (e.g. in a backoff or retry delay) before advancing it, instead of
/// racing it.
/// </summary>
internal sealed class CountingFakeTimeProvider : FakeTimeProvider
{
    private int _timersCreated;
    private int _waiting;

    private readonly List<TimeSpan> _dueTimes = [];

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    /// <summary>The due time of every timer created, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_dueTimes)
            {
                return [.. _dueTimes];
            }
        }
    }

    /// <summary>One-shot timers neither fired nor disposed yet.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this, oneShot: period == Timeout.InfiniteTimeSpan);
        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        Interlocked.Increment(ref _waiting);
        tracked.Inner = base.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        Interlocked.Increment(ref _timersCreated);
        return tracked;
    }

    private sealed class TrackedTimer(CountingFakeTimeProvider owner, bool oneShot) : ITimer
    {
        private int _done;

        public ITimer? Inner { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner!.Change(dueTime, period);

        public void Fired()
        {
            if (oneShot)
            {
                Finish();
            }
        }

        public void Dispose()
        {
            Finish();
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Finish()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._waiting);
            }
        }
    }
}
