using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

[Collection(StorageGroup.Name)]
public sealed class CheckpointTests(SharedServers servers)
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Two_rank_checkpoint_is_listed_only_once_committed_and_restores_each_rank(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(Guid.NewGuid().ToString("N"));
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var rank0 = Infrastructure.Checkpoints.WriteFolder(dir.Sub("r0"), 42, new Dictionary<string, long> { ["model/weights.bin"] = (3 * MiB) + 5, ["meta.json"] = 100 });
        var rank1 = Infrastructure.Checkpoints.WriteFolder(dir.Sub("r1"), 42, new Dictionary<string, long> { ["model/shard.bin"] = MiB, ["optimizer/empty.bin"] = 0 });
        var id = new CheckpointRef(42, 3);

        await c.Writer().UploadRankAsync(Path.Combine(dir.Path, "r0"), id, 0, "req-1", CancellationToken.None);
        await c.Writer().UploadRankAsync(Path.Combine(dir.Path, "r1"), id, 1, "req-1", CancellationToken.None);
        Assert.Empty(await c.Reader().ListAsync(CancellationToken.None));

        var manifest = await c.Writer().CommitAsync(id, 2, "req-1", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal([id], await c.Reader().ListAsync(CancellationToken.None));
        Assert.Equal("000000000042-a3", manifest.Id);
        Assert.Equal((4 * MiB) + 105, manifest.TotalSizeBytes);
        Assert.Equal(4, manifest.Files.Count);
        Assert.Equal("req-1", manifest.RequestId);
        var restored0 = await c.Reader().RestoreAsync(0, dir.Sub("restore0"), CancellationToken.None);
        var restored1 = await c.Reader().RestoreAsync(1, dir.Sub("restore1"), CancellationToken.None);
        Assert.Equal(42, restored0!.Step);
        Assert.Equal(rank0, Infrastructure.Checkpoints.HashTree(restored0.Path));
        Assert.Equal(rank1, Infrastructure.Checkpoints.HashTree(restored1!.Path));
        Assert.EndsWith("step-000000000042", restored1.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Checkpoint_of_256_MiB_round_trips(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(Guid.NewGuid().ToString("N"));
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var files = Infrastructure.Checkpoints.WriteFolder(dir.Sub("local"), 7, new Dictionary<string, long> { ["model.bin"] = 256 * MiB, [".finished"] = 30 });

        await c.CommitAsync(Path.Combine(dir.Path, "local"), 7);
        var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);

        Assert.NotNull(restored);
        Assert.Equal((256 * MiB) + 30, restored.SizeBytes);
        Assert.Equal(files, Infrastructure.Checkpoints.HashTree(restored.Path));
    }

    [Theory]
    [InlineData("file", "corrupted")]
    [InlineData("file", "truncated")]
    [InlineData("file", "deleted")]
    [InlineData("azurite", "corrupted")]
    [InlineData("azurite", "truncated")]
    [InlineData("s3rver", "corrupted")]
    [InlineData("s3rver", "truncated")]
    public async Task Damaged_newest_checkpoint_falls_back_to_the_previous_one(string backend, string damage)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(Guid.NewGuid().ToString("N"));
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var layout = new Dictionary<string, long> { ["model/weights.bin"] = 200_000, ["meta.json"] = 64 };
        var older = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s10"), 10, layout);
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("s20"), 20, layout);
        await c.CommitAsync(Path.Combine(dir.Path, "s10"), 10);
        await c.CommitAsync(Path.Combine(dir.Path, "s20"), 20);

        var key = c.Layout.RankPrefix(new CheckpointRef(20, 1).Id, 0) + "model/weights.bin";
        switch (damage)
        {
            case "corrupted":
                var bytes = new byte[200_000];
                bytes[1234] = 1;
                await store.PutAsync(key, new MemoryStream(bytes), CancellationToken.None);
                break;
            case "truncated":
                await store.PutAsync(key, new MemoryStream(new byte[1000]), CancellationToken.None);
                break;
            default:
                await store.DeleteAsync(key, CancellationToken.None);
                break;
        }

        var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);

        Assert.Equal(10, restored!.Step);
        Assert.Equal(older, Infrastructure.Checkpoints.HashTree(restored.Path));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "restore", "step-000000000020")));
    }

    [Fact]
    public async Task S3_server_that_stores_chunk_framing_as_data_never_gets_a_checkpoint_committed()
    {
        // s3rver does not decode aws-chunked bodies and answers 200; with the SDK's defaults every object,
        // rank manifests included, is stored framed. The commit reads the rank manifest back and refuses.
        using var store = await servers.S3rver.OpenAsync(Guid.NewGuid().ToString("N"));
        using var sdkDefaults = await servers.S3rver.OpenAsync(store.Location.Split('/')[3], s => s with { S3 = s.S3 with { ChunkEncoding = null, ChecksumMode = null } });
        using var dir = new TempDir();
        var good = new Infrastructure.Checkpoints(store);
        var bad = new Infrastructure.Checkpoints(sdkDefaults);
        var files = new Dictionary<string, long> { ["weights.bin"] = 300_000 };
        var expected = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s1"), 1, files);
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("s2"), 2, files);
        await good.CommitAsync(Path.Combine(dir.Path, "s1"), 1);
        await Assert.ThrowsAsync<InvalidDataException>(() => bad.CommitAsync(Path.Combine(dir.Path, "s2"), 2));

        var restored = await good.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);

        Assert.Equal(1, restored!.Step);
        Assert.Equal(expected, Infrastructure.Checkpoints.HashTree(restored.Path));
    }

    [Fact]
    public async Task Commit_without_every_rank_times_out_naming_the_missing_ranks_and_lists_nothing()
    {
        using var dir = new TempDir();
        using var store = CheckpointStores.Open(new Uri(dir.Sub("store")).AbsoluteUri, new StoreSettings(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var c = new Infrastructure.Checkpoints(store);
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("r0"), 5, new Dictionary<string, long> { ["a.bin"] = 10 });
        var id = new CheckpointRef(5, 1);
        await c.Writer().UploadRankAsync(Path.Combine(dir.Path, "r0"), id, 0, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => c.Writer().CommitAsync(id, 3, null, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Contains("rank(s) 1, 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(await c.Reader().ListAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("s3rver")]
    public async Task Retention_keeps_the_newest_and_removes_old_and_abandoned_files(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(Guid.NewGuid().ToString("N"));
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var files = new Dictionary<string, long> { ["a.bin"] = 1000, ["sub/b.bin"] = 10 };
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("abandoned"), 1, files);
        await c.Writer().UploadRankAsync(Path.Combine(dir.Path, "abandoned"), new CheckpointRef(1, 1), 0, null, CancellationToken.None);
        foreach (var step in new long[] { 2, 3, 4, 5 })
        {
            Infrastructure.Checkpoints.WriteFolder(dir.Sub("s" + step), step, files);
            await c.CommitAsync(Path.Combine(dir.Path, "s" + step), step);
        }

        var deleted = await c.Retention().PruneAsync(2, CancellationToken.None);

        Assert.Equal(["000000000003-a1", "000000000002-a1"], deleted);
        Assert.Equal([new CheckpointRef(5, 1), new CheckpointRef(4, 1)], await c.Reader().ListAsync(CancellationToken.None));
        var left = (await store.ListAsync(c.Layout.Base, CancellationToken.None).ToListAsync()).Select(o => o.Key[c.Layout.Base.Length..]).ToList();
        Assert.All(left, k => Assert.Matches(@"^(manifests/)?00000000000[45]-a1", k));
    }
}
