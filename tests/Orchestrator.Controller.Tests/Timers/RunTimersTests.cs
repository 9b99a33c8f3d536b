using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Controller.Timers;
using Orchestrator.Kubernetes.Caching;

namespace Orchestrator.Controller.Tests.Timers;

/// <summary>The run timers on a fake clock: a trigger fires at its time and not before, a reschedule replaces it, a cancel removes it.</summary>
public sealed class RunTimersTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ObjectKey Run = new("team-a", "llm-7b");
    private static readonly ObjectKey Other = new("team-b", "llm-7b");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ConcurrentQueue<(ObjectKey Key, DateTimeOffset At)> _fired = new();
    private RunTimers _timers = null!;

    public async Task InitializeAsync() =>
        _timers = await RunTimers.StartAsync(_time, k => _fired.Enqueue((k, _time.GetUtcNow())), NullLoggerFactory.Instance, CancellationToken.None);

    public async Task DisposeAsync() => await _timers.DisposeAsync();

    [Fact]
    public async Task A_trigger_fires_at_its_due_time_and_not_before()
    {
        await _timers.ScheduleAsync(Run, Start.AddMinutes(10), CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var fired = await NextFiringAsync();

        Assert.Equal((Run, Start.AddMinutes(10)), fired);
        Assert.Null(await _timers.NextDueAsync(Run, CancellationToken.None));
    }

    [Theory]
    [InlineData("earlier", 10, 2)]
    [InlineData("later", 2, 10)]
    public async Task A_reschedule_replaces_the_runs_one_trigger(string name, int firstMinutes, int secondMinutes)
    {
        Assert.NotNull(name);
        await _timers.ScheduleAsync(Run, Start.AddMinutes(firstMinutes), CancellationToken.None);
        await _timers.ScheduleAsync(Run, Start.AddMinutes(secondMinutes), CancellationToken.None);
        Assert.Equal(Start.AddMinutes(secondMinutes), await _timers.NextDueAsync(Run, CancellationToken.None));

        // Step through both times: only the second fires, once.
        foreach (var minute in Enumerable.Range(1, 11))
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            if (minute == secondMinutes)
            {
                Assert.Equal((Run, Start.AddMinutes(secondMinutes)), await NextFiringAsync());
            }
        }

        await _timers.ScheduleAsync(Other, _time.GetUtcNow().AddMinutes(1), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Other, (await NextFiringAsync()).Key);
        Assert.Empty(_fired);
    }

    [Fact]
    public async Task A_cancelled_trigger_is_gone_and_never_fires()
    {
        await _timers.ScheduleAsync(Run, Start.AddMinutes(5), CancellationToken.None);
        await _timers.ScheduleAsync(Other, Start.AddMinutes(6), CancellationToken.None);

        Assert.True(await _timers.CancelAsync(Run, CancellationToken.None));
        Assert.Null(await _timers.NextDueAsync(Run, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(6));

        // The other run's later trigger fires; had the cancelled one survived, it would have come first.
        Assert.Equal((Other, Start.AddMinutes(6)), await NextFiringAsync());
        Assert.False(await _timers.CancelAsync(Run, CancellationToken.None));
    }

    [Fact]
    public async Task Periodic_work_runs_once_per_interval()
    {
        var runs = new ConcurrentQueue<DateTimeOffset>();
        await _timers.AddPeriodicAsync("sweep", TimeSpan.FromHours(1), _ =>
        {
            runs.Enqueue(_time.GetUtcNow());
            return Task.CompletedTask;
        }, CancellationToken.None);

        foreach (var hour in new[] { 1, 2, 3 })
        {
            _time.Advance(TimeSpan.FromHours(1));
            await WaitUntilAsync(() => runs.Count == hour);
        }

        Assert.Equal([Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], runs);
    }

    private async Task<(ObjectKey Key, DateTimeOffset At)> NextFiringAsync()
    {
        (ObjectKey, DateTimeOffset) fired = default;
        await WaitUntilAsync(() => _fired.TryDequeue(out fired));
        return fired;
    }

    /// <summary>
    /// Quartz fires on its own thread once the fake clock's timer is due: poll for it, with a generous deadline, and
    /// wake the scheduler between polls (a wait it began just after the test moved the clock would otherwise hide a
    /// due trigger until the clock moves again; see RunTimers.WakeAsync).
    /// </summary>
    private async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the timer did not fire within 30 s");
            await _timers.WakeAsync(CancellationToken.None);
            await Task.Delay(10);
        }
    }
}
