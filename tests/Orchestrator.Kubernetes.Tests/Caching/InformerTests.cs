using k8s.Models;
using Orchestrator.Kubernetes.Caching;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Caching;

public sealed class InformerTests : IAsyncDisposable
{
    private readonly CountingFakeTimeProvider _time = new();
    private readonly InMemoryListWatchSourceFake _source = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _notifications = [];
    private readonly Informer<V1Pod> _informer;
    private Task? _run;

    public InformerTests()
    {
        _informer = new Informer<V1Pod>(_source, _time, new InformerOptions { Name = "pods", PageSize = 2 }, random: () => 0.5);
        _informer.AddIndex("node", IndexFunctions.PodNodeName);
        _informer.AddIndex("run", IndexFunctions.Label<V1Pod>("orchestrator.dev/run"));
        _informer.AddHandler(
            onAdded: p => Record($"added {p.Metadata.Name}"),
            onUpdated: (old, p) => Record($"updated {p.Metadata.Name} {old.Metadata.ResourceVersion}->{p.Metadata.ResourceVersion}"),
            onDeleted: p => Record($"deleted {p.Metadata.Name}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Poll.DefaultDeadline);
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task Syncs_from_a_paginated_list_then_follows_the_watch_from_the_list_version()
    {
        for (var i = 0; i < 5; i++)
        {
            _source.Set(Pod($"p{i}", node: i % 2 == 0 ? "node-a" : "node-b", run: "r1"));
        }

        Assert.False(_informer.HasSynced);
        await StartAndSyncAsync();

        Assert.Equal(5, _informer.Count);
        Assert.Equal(3, _source.ListCalls);
        Assert.Equal(["5"], _source.WatchesFrom);
        Assert.Equal(["p0", "p2", "p4"], Names(_informer.ByIndex("node", "node-a")));

        _source.Set(Pod("p1", node: "node-a", run: "r2"));
        _source.Delete("p0");
        _source.Set(Pod("p9"));
        await Poll.UntilAsync(() => _informer.Get("default", "p9") is not null);

        Assert.Equal(["p1", "p2", "p4"], Names(_informer.ByIndex("node", "node-a")));
        Assert.Equal(["p3"], Names(_informer.ByIndex("node", "node-b")));
        Assert.Equal(["p1"], Names(_informer.List("default", "orchestrator.dev/run=r2")));
        Assert.Null(_informer.Get("default", "p0"));
        Assert.Empty(_informer.List("other-namespace"));
        Assert.Equal(["updated p1 2->6", "deleted p0", "added p9"], Notifications().Skip(5));
    }

    [Fact]
    public async Task The_transform_reshapes_listed_and_watched_objects_before_they_are_cached_and_cannot_change_once_running()
    {
        var seenByHandlers = new List<int>();
        _informer.AddHandler(onAdded: p => seenByHandlers.Add(p.Spec.Containers.Count), onUpdated: (_, p) => seenByHandlers.Add(p.Spec.Containers.Count));
        _informer.SetTransform(p =>
        {
            p.Spec = new V1PodSpec { NodeName = p.Spec?.NodeName, Containers = [] };
            return p;
        });
        _source.Set(Pod("listed", node: "node-a"));
        await StartAndSyncAsync();

        _source.Set(Pod("watched", node: "node-b"));
        await Poll.UntilAsync(() => _informer.Get("default", "watched") is not null);

        Assert.Empty(_informer.Get("default", "listed")!.Spec.Containers);
        Assert.Empty(_informer.Get("default", "watched")!.Spec.Containers);
        Assert.Equal(["watched"], Names(_informer.ByIndex("node", "node-b")));
        Assert.Equal([0, 0], seenByHandlers);
        Assert.Throws<InvalidOperationException>(() => _informer.SetTransform(p => p));
    }

    [Fact]
    public async Task After_410_Gone_relists_and_notifies_only_what_changed_while_events_were_missed()
    {
        _source.Set(Pod("keep"));
        _source.Set(Pod("change"));
        _source.Set(Pod("remove"));
        await StartAndSyncAsync();

        _source.DeliverEvents = false;
        _source.Set(Pod("change", node: "node-x"));
        _source.Delete("remove");
        _source.Set(Pod("create"));
        _source.DeliverEvents = true;
        _source.ExpireWatch();

        await Poll.UntilAsync(() => _informer.ListCount == 2 && _source.WatchesFrom.Count == 2);
        Assert.Equal(["added change", "added keep", "added remove", "updated change 2->4", "added create", "deleted remove"], Notifications());
        Assert.Equal(["change", "create", "keep"], Names(_informer.List()));
        Assert.Equal("6", _source.WatchesFrom[^1]);
    }

    [Fact]
    public async Task After_410_Gone_a_missed_deletion_reaches_the_handlers_even_when_the_cache_is_read_before_they_run()
    {
        // The order InformerSandboxTests once met on a loaded CI machine, forced: a re-list replaces the
        // cache, a reader sees the new cache, and only then are the handlers told. The deletion must still
        // reach them, after the addition that holds them up.
        using var gate = new SemaphoreSlim(0);
        var blocked = false;
        _informer.AddHandler(onAdded: p =>
        {
            if (p.Metadata.Name == "create")
            {
                blocked = true;
                gate.Wait(Poll.DefaultDeadline);
            }
        });
        _source.Set(Pod("keep"));
        _source.Set(Pod("remove"));
        await StartAndSyncAsync();

        _source.DeliverEvents = false;
        _source.Delete("remove");
        _source.Set(Pod("create"));
        _source.DeliverEvents = true;
        _source.ExpireWatch();

        await Poll.UntilAsync(() => Volatile.Read(ref blocked), because: "the handlers are told of the re-list's addition");
        Assert.Equal(2, _informer.ListCount);
        Assert.Equal(["create", "keep"], Names(_informer.List()));
        Assert.DoesNotContain("deleted remove", Notifications());

        gate.Release();
        await Poll.UntilAsync(() => Notifications().Contains("deleted remove"), because: "the missed deletion reaches the handlers");
        Assert.Equal(["added keep", "added remove", "added create", "deleted remove"], Notifications());
    }

    [Fact]
    public async Task A_broken_watch_resumes_from_the_last_version_seen_after_backoff_without_relisting()
    {
        _source.Set(Pod("a"));
        await StartAndSyncAsync();
        _source.Set(Pod("b"));
        _source.Bookmark();
        await Poll.UntilAsync(() => _informer.ResourceVersion == "3");

        _source.BreakWatch();
        await Poll.UntilAsync(() => _time.TimersCreated == 1);
        _time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.Single(_source.WatchesFrom);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => _source.WatchesFrom.Count == 2);

        Assert.Equal(["1", "3"], _source.WatchesFrom);
        Assert.Equal(1, _informer.ListCount);
        _source.Set(Pod("c"));
        await Poll.UntilAsync(() => _informer.Count == 3);
    }

    [Fact]
    public async Task Failing_lists_back_off_exponentially_and_the_cache_syncs_when_the_server_recovers()
    {
        _source.Set(Pod("a"));
        _source.FailingLists = 3;
        _run = _informer.RunAsync(_stop.Token);

        // Backoff 0.8 s, 1.6 s, 3.2 s: each list waits exactly its delay after the previous failure.
        foreach (var (delayMs, calls) in new[] { (800, 2), (1600, 3), (3200, 4) })
        {
            await Poll.UntilAsync(() => _time.TimersCreated == calls - 1, because: $"backoff timer {calls - 1} created");
            _time.Advance(TimeSpan.FromMilliseconds(delayMs - 1));
            Assert.Equal(calls - 1, _source.ListCalls);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await Poll.UntilAsync(() => _source.ListCalls == calls, because: $"list call {calls}");
        }

        await _informer.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        Assert.Equal(4, _source.ListCalls);
    }

    [Fact]
    public async Task A_watch_closed_by_the_server_is_reopened_and_a_failing_handler_does_not_stop_the_cache()
    {
        var informer = new Informer<V1Pod>(_source, _time, new InformerOptions { Name = "pods" }, random: () => 0.5);
        informer.AddHandler(onAdded: _ => throw new InvalidOperationException("handler bug"));
        _run = informer.RunAsync(_stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        await Poll.UntilAsync(() => _source.IsWatching);

        _source.Set(Pod("a"));
        await Poll.UntilAsync(() => informer.Count == 1);
        _source.CloseWatch();
        await Poll.UntilAsync(() => _source.WatchesFrom.Count == 2);
        _source.Set(Pod("b"));

        await Poll.UntilAsync(() => informer.Count == 2);
        Assert.Equal(["0", "1"], _source.WatchesFrom);
    }

    private static string[] Names(IEnumerable<V1Pod> pods) => [.. pods.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    private async Task StartAndSyncAsync()
    {
        _run = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        await Poll.UntilAsync(() => _source.IsWatching);
    }

    private void Record(string notification)
    {
        lock (_notifications)
        {
            _notifications.Add(notification);
        }
    }

    private string[] Notifications()
    {
        lock (_notifications)
        {
            return [.. _notifications];
        }
    }
}
