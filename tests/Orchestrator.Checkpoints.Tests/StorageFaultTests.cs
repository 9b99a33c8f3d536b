using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// Storage failing the way clouds fail, through a real proxy in front of the real emulators: throttling with and
/// without Retry-After, connections reset mid-body, a slow store. Each ends in a verified checkpoint or a named
/// error, never a torn restore.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class StorageFaultTests(SharedServers servers)
{
    private static readonly Dictionary<string, long> Files = new() { ["model/weights.bin"] = 300_000, ["meta.json"] = 64 };

    [Theory]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Throttled_uploads_wait_the_servers_retry_after_and_the_checkpoint_commits(string backend)
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{Server(backend).Port}"));
        using var store = await OpenThroughAsync(proxy, backend, "throttle-" + Guid.NewGuid().ToString("N")[..8]);
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var expected = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s5"), 5, Files);
        var before = proxy.Log.Count;
        proxy.Applies = (method, _) => method == "PUT";
        proxy.Faults.Enqueue(new StorageFault.Throttle(backend == "s3rver" ? "s3" : "azure", RetryAfterSeconds: 1));
        proxy.Faults.Enqueue(new StorageFault.Throttle(backend == "s3rver" ? "s3" : "azure"));

        await c.CommitAsync(Path.Combine(dir.Path, "s5"), 5);

        var puts = proxy.Log.Skip(before).Where(l => l.Method == "PUT").ToList();
        Assert.Equal(["Throttle", "Throttle", "forwarded"], puts.Take(3).Select(p => p.Outcome));
        Assert.True(puts[1].At - puts[0].At >= TimeSpan.FromSeconds(1), $"retried {puts[1].At - puts[0].At} after a 503 asking for 1 s");
        var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);
        Assert.Equal(expected, Infrastructure.Checkpoints.HashTree(restored!.Path));
    }

    [Theory]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Connection_reset_mid_download_is_retried_and_the_restore_verifies(string backend)
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{Server(backend).Port}"));
        var prefix = "reset-" + Guid.NewGuid().ToString("N")[..8];
        using var store = await OpenThroughAsync(proxy, backend, prefix);
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var expected = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s7"), 7, Files);
        await c.CommitAsync(Path.Combine(dir.Path, "s7"), 7);
        proxy.Applies = (method, path) => method == "GET" && path.Contains("weights.bin", StringComparison.Ordinal);
        proxy.Faults.Enqueue(new StorageFault.ResetMidBody());
        proxy.Faults.Enqueue(new StorageFault.ResetMidBody());

        var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);

        Assert.Equal(7, restored!.Step);
        Assert.Equal(expected, Infrastructure.Checkpoints.HashTree(restored.Path));
        Assert.Equal(2, proxy.Log.Count(l => l.Outcome == "ResetMidBody"));
    }

    [Fact]
    public async Task A_store_ten_times_slower_still_commits_and_restores()
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{servers.Azurite.Port}"));
        using var store = await OpenThroughAsync(proxy, "azurite", "slow-" + Guid.NewGuid().ToString("N")[..8]);
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var expected = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s3"), 3, Files);
        proxy.ExtraLatency = TimeSpan.FromMilliseconds(100);

        await c.CommitAsync(Path.Combine(dir.Path, "s3"), 3);
        var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);

        Assert.Equal(expected, Infrastructure.Checkpoints.HashTree(restored!.Path));
    }

    [Theory]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Throttling_that_never_ends_fails_the_commit_with_a_named_error_and_lists_nothing(string backend)
    {
        await using var proxy = await FaultProxy.StartAsync(new Uri($"http://127.0.0.1:{Server(backend).Port}"));
        var prefix = "storm-" + Guid.NewGuid().ToString("N")[..8];
        using var store = await OpenThroughAsync(proxy, backend, prefix, maxRetries: 2);
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("s9"), 9, Files);
        proxy.Applies = (method, path) => method == "PUT" && path.Contains("manifests", StringComparison.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            proxy.Faults.Enqueue(new StorageFault.Throttle(backend == "s3rver" ? "s3" : "azure"));
        }

        var error = await Assert.ThrowsAsync<CheckpointStorageException>(() => c.CommitAsync(Path.Combine(dir.Path, "s9"), 9));

        Assert.Equal(503, error.StatusCode);
        Assert.True(error.Transient);
        Assert.Contains("HTTP 503, retries exhausted", error.Message, StringComparison.Ordinal);
        Assert.Contains("manifests/", error.Message, StringComparison.Ordinal);
        Assert.Empty(await c.Reader().ListAsync(CancellationToken.None));
        Assert.Null(await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None));
    }

    private StorageServer Server(string backend) => backend == "s3rver" ? servers.S3rver : servers.Azurite;

    /// <summary>The emulator's store, every request through the proxy; the bucket or container is created first.</summary>
    private Task<ICheckpointStore> OpenThroughAsync(FaultProxy proxy, string backend, string prefix, int maxRetries = 6)
    {
        var retry = new RetrySettings { MaxRetries = maxRetries, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) };
        return Server(backend).OpenAsync(prefix, settings => backend == "s3rver"
            ? settings with { Retry = retry, S3 = settings.S3 with { Endpoint = $"http://127.0.0.1:{proxy.Port}" } }
            : settings with
            {
                Retry = retry,
                Azure = new AzureSettings { ConnectionString = servers.Azurite.ConnectionString().Replace($":{servers.Azurite.Port}/", $":{proxy.Port}/", StringComparison.Ordinal) },
            });
    }
}
