using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

[Collection(StorageGroup.Name)]
public sealed class StoreTests(SharedServers servers)
{
    private const int MiB = 1024 * 1024;

    // Small parts so a few MiB already exercise multipart/block uploads and parallel ranged reads.
    private static StoreSettings SmallParts(StoreSettings s) => s with { Transfer = new TransferSettings { PartSizeBytes = 5 * MiB, Parallelism = 3 } };

    // "default" keeps the backend's own choice (docs/checkpointing.md); the others force one path.
    private static StoreSettings Forced(StoreSettings s, string strategy) => strategy switch
    {
        "parts and ranges" => s with { Transfer = s.Transfer with { SingleRequestUploadMaxBytes = 0, ParallelDownload = true } },
        "one request and one GET" => s with { Transfer = s.Transfer with { SingleRequestUploadMaxBytes = long.MaxValue, ParallelDownload = false } },
        _ => s,
    };

    [Theory]
    [InlineData("file", "empty", 0, "default")]
    [InlineData("file", "one part plus one byte", 5 * MiB + 1, "default")]
    [InlineData("azurite", "empty", 0, "default")]
    [InlineData("azurite", "one byte", 1, "default")]
    [InlineData("azurite", "exactly one part", 5 * MiB, "default")]
    [InlineData("azurite", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "default")]
    [InlineData("azurite", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "parts and ranges")]
    [InlineData("azurite", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "one request and one GET")]
    [InlineData("s3rver", "empty", 0, "default")]
    [InlineData("s3rver", "one byte", 1, "default")]
    [InlineData("s3rver", "exactly one part", 5 * MiB, "default")]
    [InlineData("s3rver", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "default")]
    [InlineData("s3rver", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "parts and ranges")]
    [InlineData("s3rver", "three and a half parts", (7 * MiB * 2) + (MiB / 2), "one request and one GET")]
    public async Task Object_round_trips_byte_for_byte(string backend, string size, int bytes, string strategy)
    {
        _ = size;
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync("roundtrip-" + Guid.NewGuid().ToString("N"), s => Forced(SmallParts(s), strategy));
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
    [InlineData("azurite", "parts")]
    [InlineData("azurite", "one request")]
    [InlineData("s3rver", "parts")]
    [InlineData("s3rver", "one request")]
    public async Task Upload_retried_after_a_failed_read_sends_the_file_again_and_hashes_it_once(string backend, string strategy)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync("reread-" + Guid.NewGuid().ToString("N"), s => Forced(SmallParts(s), strategy == "parts" ? "parts and ranges" : "one request and one GET"));
        using var dir = new TempDir();
        var source = Path.Combine(dir.Path, "source.bin");
        var expected = TestData.WriteFile(source, 12 * MiB, 11);
        using (var reference = new HashingStream(File.OpenRead(source), writing: false))
        {
            await reference.CopyToAsync(Stream.Null);
            var expectedXxh = reference.HashHex();

            // The file fails once half way (a stand-in for a flaky volume); a re-readable source is
            // sent again from its start, a part-wise upload has to give up.
            await using var flaky = new FailingOnceStream(File.OpenRead(source), failAt: 6 * MiB);
            await using var hashing = new HashingStream(flaky, writing: false);
            if (strategy == "parts")
            {
                await Assert.ThrowsAsync<CheckpointStorageException>(() => store.PutAsync("f.bin", hashing, CancellationToken.None));
                Assert.Null(await store.GetSizeAsync("f.bin", CancellationToken.None));
                return;
            }

            await store.PutAsync("f.bin", hashing, CancellationToken.None);

            Assert.Equal(expectedXxh, hashing.HashHex());
            Assert.Equal(12 * MiB, hashing.BytesSeen);
        }

        var copy = Path.Combine(dir.Path, "copy.bin");
        await using (var output = File.Create(copy))
        {
            await store.GetAsync("f.bin", output, CancellationToken.None);
        }

        Assert.Equal(expected, TestData.HashFile(copy));
    }

    [Theory]
    [InlineData("azurite", "parts and ranges")]
    [InlineData("azurite", "one request and one GET")]
    [InlineData("s3rver", "parts and ranges")]
    [InlineData("s3rver", "one request and one GET")]
    public async Task Download_whose_destination_fails_is_not_retried_and_reports_the_destination_error(string backend, string strategy)
    {
        var retries = 0;
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(
            "dest-" + Guid.NewGuid().ToString("N"),
            s => Forced(SmallParts(s), strategy) with { Retry = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(1), OnRetry = (_, _) => Interlocked.Increment(ref retries) } });
        await store.PutAsync("d.bin", new MemoryStream(new byte[12 * MiB]), CancellationToken.None);

        await using var full = new FailingOnceStream(new MemoryStream(), failAt: 3 * MiB);
        var error = await Assert.ThrowsAsync<CheckpointStorageException>(() => store.GetAsync("d.bin", full, CancellationToken.None));

        Assert.Contains(FailingOnceStream.Message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, retries);
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
