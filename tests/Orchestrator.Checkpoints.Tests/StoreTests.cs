using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

[Collection(StorageGroup.Name)]
public sealed class StoreTests(SharedServers servers)
{
    private const int MiB = 1024 * 1024;

    // Small parts so a few MiB already exercise multipart/block uploads and parallel ranged reads.
    private static StoreSettings SmallParts(StoreSettings s) => s with { Transfer = new TransferSettings { PartSizeBytes = 5 * MiB, Parallelism = 3 } };

    [Theory]
    [InlineData("file", "empty", 0)]
    [InlineData("file", "one part plus one byte", 5 * MiB + 1)]
    [InlineData("azurite", "empty", 0)]
    [InlineData("azurite", "one byte", 1)]
    [InlineData("azurite", "exactly one part", 5 * MiB)]
    [InlineData("azurite", "three and a half parts", (7 * MiB * 2) + (MiB / 2))]
    [InlineData("s3rver", "empty", 0)]
    [InlineData("s3rver", "one byte", 1)]
    [InlineData("s3rver", "exactly one part", 5 * MiB)]
    [InlineData("s3rver", "three and a half parts", (7 * MiB * 2) + (MiB / 2))]
    public async Task Object_round_trips_byte_for_byte(string backend, string size, int bytes)
    {
        _ = size;
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync("roundtrip-" + Guid.NewGuid().ToString("N"), SmallParts);
        using var dir = new TempDir();
        var source = Path.Combine(dir.Path, "source.bin");
        var expected = TestData.WriteFile(source, bytes, (ulong)bytes + 7);

        await using (var input = File.OpenRead(source))
        {
            await store.PutAsync("a/b/object.bin", input, CancellationToken.None);
        }

        var copy = Path.Combine(dir.Path, "copy.bin");
        await using (var output = File.Create(copy))
        {
            await store.GetAsync("a/b/object.bin", output, CancellationToken.None);
        }

        Assert.Equal(expected, TestData.HashFile(copy));
        Assert.Equal(bytes, await store.GetSizeAsync("a/b/object.bin", CancellationToken.None));
        var listed = await store.ListAsync("a/", CancellationToken.None).ToListAsync();
        Assert.Equal([new StoredObject("a/b/object.bin", bytes)], listed);

        await store.DeleteAsync("a/b/object.bin", CancellationToken.None);
        await store.DeleteAsync("a/b/object.bin", CancellationToken.None);
        Assert.Null(await store.GetSizeAsync("a/b/object.bin", CancellationToken.None));
        Assert.Empty(await store.ListAsync("a/", CancellationToken.None).ToListAsync());
    }

    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Missing_object_reads_as_not_found(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync("missing-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<CheckpointStorageException>(() => store.GetAsync("nope.bin", Stream.Null, CancellationToken.None));

        Assert.True(error.NotFound, error.Message);
        Assert.Null(await store.GetSizeAsync("nope.bin", CancellationToken.None));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Cancelled_upload_stops_and_leaves_no_object(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync("cancel-" + Guid.NewGuid().ToString("N"), SmallParts);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("x.bin", new MemoryStream(new byte[12 * MiB]), cts.Token));

        Assert.Null(await store.GetSizeAsync("x.bin", CancellationToken.None));
    }
}
