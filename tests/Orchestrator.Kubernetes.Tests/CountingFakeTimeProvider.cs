using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Kubernetes.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts timers created, so a test can wait until the code under test is
/// actually waiting (e.g. in a backoff delay) before advancing the clock, instead of racing it.
/// </summary>
internal sealed class CountingFakeTimeProvider : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }
}
