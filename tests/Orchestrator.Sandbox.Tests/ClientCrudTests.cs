using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Orchestrator.Sandbox.Tests;

public sealed class ClientCrudTests : IAsyncLifetime
{
    private SandboxApiServer _server = null!;
    private IKubernetes _client = null!;

    public Task InitializeAsync()
    {
        _server = SandboxApiServer.CreateInMemory();
        _client = _server.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Created_config_map_can_be_read_listed_updated_and_deleted()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "a" } }, Data = new Dictionary<string, string> { ["k"] = "v" } },
            "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);

        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("v", read.Data["k"]);

        read.Data["k"] = "w";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", "default");
        Assert.True(long.Parse(updated.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));

        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "app=a");
        Assert.Equal("w", Assert.Single(list.Items).Data["k"]);

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "default");
        created.Data = new Dictionary<string, string> { ["a"] = "1" };
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default");

        created.Data["a"] = "2";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", "default"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_sees_later_changes_in_order()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<(WatchEventType, string)>();
        var reading = Task.Run(async () =>
        {
            await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                seen.Add((type, pod.Metadata.Name));
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });

        await _client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), "default");
        await _client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch), "p1", "default");
        await _client.CoreV1.DeleteNamespacedPodAsync("p1", "default");
        await reading.WaitAsync(cts.Token);

        Assert.Equal([(WatchEventType.Added, "p1"), (WatchEventType.Modified, "p1"), (WatchEventType.Deleted, "p1")], seen);
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };
}
