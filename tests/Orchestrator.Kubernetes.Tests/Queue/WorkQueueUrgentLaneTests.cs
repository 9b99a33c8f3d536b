using Microsoft.Extensions.Time.Testing;
using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Tests.Queue;

public sealed class WorkQueueUrgentLaneTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueUrgentLaneTests() => _queue = new WorkQueue<string>(_time);

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Urgent_keys_are_taken_before_ordinary_keys_queued_earlier_each_lane_in_order()
    {
        foreach (var key in new[] { "t1", "t2", "t3" })
        {
            _queue.Add(key);
        }

        _queue.AddUrgent("n1");
        _queue.AddUrgent("n2");

        Assert.Equal(5, _queue.Count);
        Assert.Equal(2, _queue.UrgentCount);
        Assert.Equal(["n1", "n2", "t1", "t2", "t3"], await TakeAsync(5));
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task An_ordinary_key_that_becomes_urgent_moves_up_and_is_processed_once()
    {
        _queue.Add("t1");
        _queue.Add("a");
        _queue.Add("t2");

        _queue.AddUrgent("a");

        Assert.Equal(3, _queue.Count);
        Assert.Equal(["a", "t1", "t2"], await TakeAsync(3));
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task An_urgent_key_added_again_as_ordinary_stays_urgent()
    {
        _queue.Add("t1");
        _queue.AddUrgent("a");
        _queue.Add("a");

        Assert.Equal(2, _queue.Count);
        Assert.Equal(["a", "t1"], await TakeAsync(2));
    }

    [Fact]
    public async Task A_key_made_urgent_while_processing_waits_for_done_then_goes_first()
    {
        _queue.Add("a");
        var first = await _queue.GetAsync();
        _queue.Add("t1");

        _queue.Add("a");
        _queue.AddUrgent("a");
        Assert.Equal(1, _queue.Count);

        _queue.Done(first.Key);
        Assert.Equal(2, _queue.Count);
        Assert.Equal(["a", "t1"], await TakeAsync(2));
    }

    [Fact]
    public async Task A_moved_up_key_re_added_as_ordinary_after_processing_takes_a_fresh_place_at_the_back()
    {
        _queue.Add("a");
        _queue.Add("t1");
        _queue.AddUrgent("a");
        var a = await _queue.GetAsync();
        Assert.Equal("a", a.Key);
        _queue.Done(a.Key);

        // "a" left a stale entry ahead of "t1" in the ordinary lane; it must not count as "a" queued again.
        _queue.Add("t2");
        _queue.Add("a");

        Assert.Equal(3, _queue.Count);
        Assert.Equal(["t1", "t2", "a"], await TakeAsync(3));
    }

    [Fact]
    public async Task Draining_shutdown_processes_both_lanes_and_then_reports_shut_down()
    {
        _queue.Add("t1");
        _queue.Add("a");
        _queue.AddUrgent("a");

        var drained = _queue.ShutDownAsync(drain: true);
        var taken = new List<string>();
        while (true)
        {
            var item = await _queue.GetAsync().WaitAsync(Deadline);
            if (item.ShutDown)
            {
                break;
            }

            taken.Add(item.Key);
            _queue.Done(item.Key);
        }

        await drained.WaitAsync(Deadline);
        Assert.Equal(["a", "t1"], taken);
    }

    [Fact]
    public async Task Workers_take_a_notice_before_a_backlog_of_timed_keys_and_never_hold_one_key_twice()
    {
        const int Backlog = 500;
        const int Workers = 2;
        var order = new List<string>();
        var inHand = new HashSet<string>();
        var overlaps = 0;
        for (var i = 0; i < Backlog; i++)
        {
            _queue.Add($"t{i}");
        }

        _queue.AddUrgent("notice");
        using var cts = new CancellationTokenSource();
        var workers = _queue.RunWorkersAsync(Workers, async (key, _) =>
        {
            lock (order)
            {
                overlaps += inHand.Add(key) ? 0 : 1;
                order.Add(key);
            }

            await Task.Yield();

            lock (order)
            {
                inHand.Remove(key);
            }

            return null;
        }, cts.Token);

        // While the backlog is being worked through, the same ordinary keys become urgent: each moves up, none runs twice at once.
        for (var i = Backlog - 1; i >= Backlog - 50; i--)
        {
            _queue.AddUrgent($"t{i}");
        }

        await _queue.ShutDownAsync(drain: true).WaitAsync(Deadline);
        await cts.CancelAsync();
        await workers.WaitAsync(Deadline);

        // Workers record what they took in whatever order they get the lock: the notice is among the first taken.
        Assert.Contains("notice", order.Take(Workers));
        Assert.Equal(0, overlaps);
        Assert.Equal(Backlog + 1, order.Distinct().Count());
        Assert.True(order.Count <= Backlog + 1 + 50, $"{order.Count} processings for {Backlog + 1} keys");
    }

    private async Task<List<string>> TakeAsync(int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var item = await _queue.GetAsync().WaitAsync(Deadline);
            keys.Add(item.Key);
            _queue.Done(item.Key);
        }

        return keys;
    }
}
