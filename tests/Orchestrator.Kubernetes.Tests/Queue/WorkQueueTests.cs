using Microsoft.Extensions.Time.Testing;
using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Tests.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() =>
        _queue = new WorkQueue<string>(_time, new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0, () => 0.5));

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task A_key_added_twice_before_processing_is_processed_once()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("a");

        Assert.Equal(2, _queue.Count);
        Assert.Equal("a", (await _queue.GetAsync()).Key);
        Assert.Equal("b", (await _queue.GetAsync()).Key);
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task A_key_re_added_while_processing_is_held_back_until_done_then_processed_again()
    {
        _queue.Add("a");
        var first = await _queue.GetAsync();

        _queue.Add("a");
        _queue.Add("a");
        Assert.Equal(0, _queue.Count);

        _queue.Done(first.Key);
        Assert.Equal(1, _queue.Count);
        Assert.Equal("a", (await _queue.GetAsync()).Key);
    }

    [Fact]
    public async Task AddAfter_waits_for_the_injected_clock()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, _queue.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
        Assert.Equal("a", (await _queue.GetAsync()).Key);
    }

    [Fact]
    public void AddAfter_keeps_the_earlier_time_when_a_key_is_delayed_twice()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(3));
        _queue.AddAfter("a", TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, _queue.Count);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_backs_off_per_key_and_Forget_resets_it()
    {
        var delays = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            _queue.AddRateLimited("a");
            delays.Add(SecondsUntilQueued());
            _queue.Done((await _queue.GetAsync()).Key);
        }

        _queue.Forget("a");
        _queue.AddRateLimited("a");
        delays.Add(SecondsUntilQueued());

        Assert.Equal([1, 2, 4, 8, 1], delays);
        Assert.Equal(1, _queue.NumRequeues("a"));
        Assert.Equal(0, _queue.NumRequeues("b"));
    }

    [Fact]
    public async Task Shutdown_with_drain_processes_queued_keys_then_stops_and_ignores_new_keys()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.AddAfter("later", TimeSpan.FromSeconds(1));

        var drained = _queue.ShutDownAsync(drain: true);
        _queue.Add("c");
        _time.Advance(TimeSpan.FromSeconds(5));

        var a = await _queue.GetAsync();
        _queue.Done(a.Key);
        Assert.False(drained.IsCompleted);
        var b = await _queue.GetAsync();
        _queue.Done(b.Key);

        await drained.WaitAsync(Deadline);
        Assert.True((await _queue.GetAsync()).ShutDown);
        Assert.Equal(["a", "b"], new[] { a.Key, b.Key });
    }

    [Fact]
    public async Task Shutdown_without_drain_drops_queued_keys_and_wakes_every_waiting_worker()
    {
        var waiting = Enumerable.Range(0, 3).Select(_ => _queue.GetAsync()).ToList();
        await _queue.ShutDownAsync(drain: false).WaitAsync(Deadline);

        var results = await Task.WhenAll(waiting).WaitAsync(Deadline);
        Assert.All(results, r => Assert.True(r.ShutDown));
    }

    [Fact]
    public async Task Workers_never_process_one_key_concurrently_and_see_every_later_add()
    {
        var active = 0;
        var maxActive = 0;
        var processed = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();

        var run = _queue.RunWorkersAsync(4, async (key, _) =>
        {
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref maxActive, now);
            if (Interlocked.Increment(ref processed) == 1)
            {
                await release.Task;
            }

            Interlocked.Decrement(ref active);
            return null;
        }, cts.Token);

        _queue.Add("same");
        await Poll.UntilAsync(() => Volatile.Read(ref processed) == 1);
        for (var i = 0; i < 50; i++)
        {
            _queue.Add("same");
        }

        release.SetResult();
        await Poll.UntilAsync(() => Volatile.Read(ref processed) == 2);
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);

        Assert.Equal(1, maxActive);
        Assert.Equal(2, processed);
    }

    [Fact]
    public async Task Workers_retry_a_failing_key_with_backoff_and_honour_requeue_after()
    {
        var calls = new List<(string Key, DateTimeOffset At)>();
        using var cts = new CancellationTokenSource();
        var start = _time.GetUtcNow();

        var run = _queue.RunWorkersAsync(2, (key, _) =>
        {
            lock (calls)
            {
                calls.Add((key, _time.GetUtcNow()));
            }

            return key switch
            {
                "flaky" when Count(calls, "flaky") < 3 => throw new InvalidOperationException("transient"),
                "poll" when Count(calls, "poll") < 2 => Task.FromResult<TimeSpan?>(TimeSpan.FromSeconds(30)),
                _ => Task.FromResult<TimeSpan?>(null),
            };
        }, cts.Token);

        _queue.Add("flaky");
        _queue.Add("poll");
        await Poll.UntilAsync(() => Count(calls, "flaky") == 1 && Count(calls, "poll") == 1 && _queue.Delayed == 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => Count(calls, "flaky") == 2 && _queue.Delayed == 2);
        _time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => Count(calls, "flaky") == 3 && _queue.Delayed == 1);
        _time.Advance(TimeSpan.FromSeconds(27));
        await Poll.UntilAsync(() => Count(calls, "poll") == 2 && _queue.Delayed == 0);
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);

        Assert.Equal([0, 1, 3], Times(calls, "flaky", start));
        Assert.Equal([0, 30], Times(calls, "poll", start));
        Assert.Equal(0, _queue.NumRequeues("flaky"));
    }

    [Fact]
    public async Task Cancelling_the_workers_finishes_the_key_in_hand_and_drops_the_queued_ones()
    {
        var processed = new List<string>();
        var inHand = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        _queue.Add("first");
        _queue.Add("second");
        _queue.Add("third");

        var run = _queue.RunWorkersAsync(1, async (key, _) =>
        {
            inHand.TrySetResult();
            await release.Task;
            lock (processed)
            {
                processed.Add(key);
            }

            return null;
        }, cts.Token);
        await inHand.Task.WaitAsync(Deadline);
        await cts.CancelAsync();
        release.SetResult();
        await run.WaitAsync(Deadline);

        Assert.Equal(["first"], processed);
        Assert.True(_queue.IsShuttingDown);
    }

    private static int Count(List<(string Key, DateTimeOffset At)> calls, string key)
    {
        lock (calls)
        {
            return calls.Count(c => c.Key == key);
        }
    }

    private static int[] Times(List<(string Key, DateTimeOffset At)> calls, string key, DateTimeOffset start)
    {
        lock (calls)
        {
            return [.. calls.Where(c => c.Key == key).Select(c => (int)(c.At - start).TotalSeconds)];
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private int SecondsUntilQueued()
    {
        for (var seconds = 0; seconds <= 60; seconds++)
        {
            if (_queue.Count > 0)
            {
                return seconds;
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return -1;
    }
}
