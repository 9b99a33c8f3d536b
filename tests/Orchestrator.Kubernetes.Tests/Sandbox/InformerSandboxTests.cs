using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Kueue;
using Orchestrator.Sandbox;
using Xunit.Abstractions;
using static Orchestrator.Kubernetes.Tests.Caching.Pods;

namespace Orchestrator.Kubernetes.Tests.Sandbox;

/// <summary>The informer over the real KubernetesClient against the sandbox API server.</summary>
public sealed class InformerSandboxTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly CountingFakeTimeProvider _time = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private SandboxApiServer? _server;
    private IKubernetes? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(Poll.DefaultDeadline);
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task Sees_adds_updates_and_deletes_across_namespaces_with_indexes()
    {
        var (server, client) = StartServer();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        for (var i = 0; i < 7; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pod($"before-{i}", run: "r1"), "default");
        }

        var events = new List<string>();
        var pods = Start(ListWatchSources.Pods(client), informer =>
        {
            informer.AddIndex("node", IndexFunctions.PodNodeName);
            informer.AddIndex("run", IndexFunctions.Label<V1Pod>(Labels.Run));
            informer.AddHandler(
                onAdded: p => Record(events, $"added {ObjectKey.Of(p)}"),
                onUpdated: (_, p) => Record(events, $"updated {ObjectKey.Of(p)}"),
                onDeleted: p => Record(events, $"deleted {ObjectKey.Of(p)}"));
        }, pageSize: 3);
        await pods.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        Assert.Equal(7, pods.Count);

        await client.CoreV1.CreateNamespacedPodAsync(Pod("worker", node: "node-1", run: "r2", ns: "team-a"), "team-a");
        var pod = await client.CoreV1.ReadNamespacedPodAsync("before-0", "default");
        pod.Metadata.Labels[Labels.Run] = "r2";
        await client.CoreV1.ReplaceNamespacedPodAsync(pod, "before-0", "default");
        await client.CoreV1.DeleteNamespacedPodAsync("before-1", "default", gracePeriodSeconds: 0);

        await Poll.UntilAsync(() => Snapshot(events).Length == 10, because: "7 adds from the list, then add, update, delete");
        Assert.Equal(["added team-a/worker", "updated default/before-0", "deleted default/before-1"], Snapshot(events)[7..]);
        Assert.Equal("worker", Assert.Single(pods.ByIndex("node", "node-1")).Metadata.Name);
        Assert.Equal(["before-0", "worker"], pods.ByIndex("run", "r2").Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Single(pods.List("team-a"));
        Assert.Equal(5, pods.List("default", $"{Labels.Run}=r1").Count);
        Assert.Equal(1, pods.ListCount);
    }

    [Fact]
    public async Task Survives_a_dropped_watch_by_resuming_from_the_last_version_without_relisting()
    {
        var (server, client) = StartServer();
        var pods = Start(ListWatchSources.Pods(client, "default"));
        await WaitUntilWatchingAsync(client, pods);

        server.Faults.DropWatches("pods");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("after-drop"), "default");

        await Poll.UntilAsync(() => pods.Get("default", "after-drop") is not null);
        Assert.Equal(1, pods.ListCount);
    }

    [Fact]
    public async Task Relists_after_410_Gone_and_replays_what_was_missed()
    {
        var (server, client) = StartServer(new SandboxApiOptions { WatchHistory = 2 });
        await client.CoreV1.CreateNamespacedPodAsync(Pod("deleted-while-away"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("kept"), "default");
        var deleted = new List<string>();
        var added = new List<string>();
        var pods = Start(ListWatchSources.Pods(client, "default"), i => i.AddHandler(
            onAdded: p => Record(added, p.Metadata.Name),
            onDeleted: p => Record(deleted, p.Metadata.Name)));
        await WaitUntilWatchingAsync(client, pods);

        // Cut the informer off: its watch drops and every new watch fails, so it waits in backoff
        // while more changes happen than the server keeps history for.
        server.Faults.FailRate(1.0, 503, verb: "watch", resource: "pods");
        server.Faults.DropWatches("pods");
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, because: "the informer backs off after a failed watch");
        await client.CoreV1.DeleteNamespacedPodAsync("deleted-while-away", "default", gracePeriodSeconds: 0);
        for (var i = 0; i < 4; i++)
        {
            await client.CoreV1.CreateNamespacedPodAsync(Pod($"new-{i}"), "default");
        }

        server.Faults.Clear();

        // Each step of the fake clock lets one backoff (after the 503s, and after the 410) elapse. The
        // re-list replaces the cache first and tells the handlers after, so a full cache is not yet proof
        // that the handlers heard of the deletion (CI once checked in between): wait for the handlers.
        await Poll.UntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(5));
                return pods.ListCount == 2 && Snapshot(deleted).Length > 0 && Snapshot(added).Length == 7;
            },
            because: "a re-list after 410 Gone tells the handlers what was missed");
        Assert.Equal(6, pods.Count);
        Assert.Equal(["deleted-while-away"], Snapshot(deleted));
        Assert.Equal(["deleted-while-away", "kept", "new-0", "new-1", "new-2", "new-3", "probe"], Snapshot(added).Order(StringComparer.Ordinal));
        await client.CoreV1.CreateNamespacedPodAsync(Pod("after-relist"), "default");
        await Poll.UntilAsync(() => pods.Get("default", "after-relist") is not null, because: "the watch resumes after the re-list");
    }

    [Fact]
    public async Task Caches_custom_resources_TrainingRuns_and_Kueue_Workloads()
    {
        var (server, client) = StartServer();
        var runs = Start(ListWatchSources.TrainingRuns(client));
        var workloads = Start(ListWatchSources.Workloads(client, "default"));
        await Task.WhenAll(runs.WaitForSyncAsync(), workloads.WaitForSyncAsync()).WaitAsync(Poll.DefaultDeadline);

        var run = new TrainingRun { Metadata = new V1ObjectMeta { Name = "llm", NamespaceProperty = "default" } };
        run.Spec.Workers = 4;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(run, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural);
        var workload = new Workload { Metadata = new V1ObjectMeta { Name = "job-llm-0", NamespaceProperty = "default" }, Spec = new WorkloadSpec { QueueName = "spot", PodSets = [new WorkloadPodSet { Name = "main", Count = 4 }] } };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(workload, KueueApi.Group, KueueApi.Version, "default", KueueApi.WorkloadPlural);

        await Poll.UntilAsync(() => runs.Get("default", "llm") is not null && workloads.Get("default", "job-llm-0") is not null);
        Assert.Equal(4, runs.Get("default", "llm")!.Spec.Workers);
        Assert.Equal("spot", workloads.Get("default", "job-llm-0")!.Spec.QueueName);
    }

    [Fact]
    public async Task Kueue_Workloads_are_read_in_the_version_discovery_prefers_whichever_version_wrote_them()
    {
        var (_, client) = StartServer();
        var versions = new KueueVersions(client);
        var workloads = Start(ListWatchSources.Workloads(client, "default", versions: versions));
        await workloads.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);

        // Written as v1beta1 (as an older Kueue's own controller would), read back as the v1beta2 the cluster prefers.
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(new
        {
            apiVersion = "kueue.x-k8s.io/v1beta1",
            kind = "Workload",
            metadata = new { name = "job-old-0", @namespace = "default" },
            spec = new { queueName = "spot", priorityClassSource = "kueue.x-k8s.io/workloadpriorityclass", priorityClassName = "high", podSets = new[] { new { name = "main", count = 2 } } },
        }, KueueApi.Group, "v1beta1", "default", KueueApi.WorkloadPlural);

        await Poll.UntilAsync(() => workloads.Get("default", "job-old-0") is not null, because: "the v1beta1 Workload reaches the cache");
        Assert.Equal("v1beta2", await versions.CurrentAsync(CancellationToken.None));
        Assert.Equal("spot", workloads.Get("default", "job-old-0")!.Spec.QueueName);
    }

    /// <summary>Proves the informer's watch is open: a pod created after the sync can only arrive through it.</summary>
    private static async Task WaitUntilWatchingAsync(IKubernetes client, Informer<V1Pod> pods)
    {
        await pods.WaitForSyncAsync().WaitAsync(Poll.DefaultDeadline);
        await client.CoreV1.CreateNamespacedPodAsync(Pod("probe"), "default");
        await Poll.UntilAsync(() => pods.Get("default", "probe") is not null, because: "the probe pod arrives through the watch");
    }

    private static void Record(List<string> list, string entry)
    {
        lock (list)
        {
            list.Add(entry);
        }
    }

    private static string[] Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private Informer<T> Start<T>(IListWatchSource<T> source, Action<Informer<T>>? configure = null, int pageSize = 500)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new Informer<T>(source, _time, new InformerOptions { Name = typeof(T).Name, PageSize = pageSize }, new TestOutputLogger(output, typeof(T).Name), () => 0.5);
        configure?.Invoke(informer);
        _running.Add(informer.RunAsync(_stop.Token));
        return informer;
    }

    private (SandboxApiServer Server, IKubernetes Client) StartServer(SandboxApiOptions? options = null)
    {
        // Bookmarks far apart: a bookmark counts as a delivered event, and these tests control reconnects.
        _server = SandboxApiServer.CreateInMemory((options ?? new SandboxApiOptions()) with { CrdDocuments = [TrainingRunCrd.Yaml], BookmarkInterval = TimeSpan.FromHours(1) });
        _client = _server.CreateClient();
        return (_server, _client);
    }
}
