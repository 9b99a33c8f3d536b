using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class WatchTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestSandbox.Start);
    private SandboxApiServer _server = null!;
    private RawApi _api = null!;

    public Task InitializeAsync()
    {
        _server = TestSandbox.Create(_time, watchHistory: 20);
        _api = _server.Api();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_watch_without_a_version_starts_with_the_current_objects_as_added()
    {
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("b"));
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true");

        Assert.Equal(("ADDED", "a"), await watch.NextTypeAndNameAsync());
        Assert.Equal(("ADDED", "b"), await watch.NextTypeAndNameAsync());
        await _api.DeleteAsync(TestSandbox.ConfigMaps + "/a");
        Assert.Equal(("DELETED", "a"), await watch.NextTypeAndNameAsync());
    }

    [Fact]
    public async Task A_watch_from_a_version_replays_only_later_changes()
    {
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        var b = await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("b"));
        await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"data":{"k":"2"}}""");
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=1&resourceVersion=" + b.At("metadata.resourceVersion"));

        Assert.Equal(("MODIFIED", "a"), await watch.NextTypeAndNameAsync());
    }

    [Fact]
    public async Task A_watch_from_a_version_older_than_the_history_gets_410_gone_from_the_client()
    {
        using var client = _server.CreateClient();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, "default");
        for (var i = 0; i < 25; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, "default");
        }

        var errors = new List<Exception>();
        var events = 0;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: first.Metadata.ResourceVersion, onError: errors.Add))
        {
            events++;
        }

        Assert.Equal(0, events);
        var e = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, e.Status.Code);
        Assert.Equal("Expired", e.Status.Reason);
    }

    [Fact]
    public async Task A_watch_that_asked_for_bookmarks_gets_them_with_the_latest_version()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true&allowWatchBookmarks=true");
        var created = await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        Assert.Equal(("ADDED", "a"), await watch.NextTypeAndNameAsync());

        _time.Advance(_server.Options.BookmarkInterval);
        var bookmark = await watch.NextAsync();
        Assert.Equal("BOOKMARK", bookmark!["type"]!.GetValue<string>());
        Assert.Equal(created.At("metadata.resourceVersion"), bookmark["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_ends_after_its_timeout()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true&timeoutSeconds=30");
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        Assert.Equal(("ADDED", "a"), await watch.NextTypeAndNameAsync());

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task A_label_selected_watch_sees_objects_enter_and_leave_the_selection()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true&labelSelector=team%3Dml");
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("other"));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"metadata":{"labels":{"team":"ml"}}}""");
        await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"data":{"k":"2"}}""");
        await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"metadata":{"labels":{"team":"web"}}}""");

        Assert.Equal(("ADDED", "a"), await watch.NextTypeAndNameAsync());
        Assert.Equal(("MODIFIED", "a"), await watch.NextTypeAndNameAsync());
        Assert.Equal(("DELETED", "a"), await watch.NextTypeAndNameAsync());
    }

    [Fact]
    public async Task A_watch_on_one_name_only_sees_that_object()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true&fieldSelector=metadata.name%3Db");
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("b"));
        Assert.Equal(("ADDED", "b"), await watch.NextTypeAndNameAsync());
    }

    [Fact]
    public async Task Dropping_watches_ends_open_streams_so_clients_must_resume()
    {
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.ConfigMaps + "?watch=true");
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        Assert.Equal(("ADDED", "a"), await watch.NextTypeAndNameAsync());

        _server.Faults.DropWatches("configmaps");
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task The_typed_client_watch_sees_status_updates()
    {
        using var client = _server.CreateClient();
        var pods = await client.CoreV1.ListNamespacedPodAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var phases = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var (_, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: pods.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                phases.Add(pod.Status.Phase);
                if (phases.Count == 2)
                {
                    return;
                }
            }
        });

        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        }, "default");
        pod.Status.Phase = "Running";
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p", "default");
        await reading.WaitAsync(cts.Token);

        Assert.Equal(["Pending", "Running"], phases);
    }
}
