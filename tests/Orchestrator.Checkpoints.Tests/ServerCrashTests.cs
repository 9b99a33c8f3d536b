using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>Each test owns its server, because it kills it.</summary>
[Collection(StorageGroup.Name)]
public sealed class ServerCrashTests
{
    private const long MiB = 1024 * 1024;

    // Azurite keeps its metadata in memory and saves it every few seconds, so a SIGKILL may also lose
    // what it had committed before; s3rver writes through to its folder.
    [Theory]
    [InlineData("azurite", false)]
    [InlineData("s3rver", true)]
    public async Task Server_killed_mid_upload_leaves_no_listed_checkpoint_and_the_next_upload_works(string name, bool durable)
    {
        using var server = StorageServer.Create(name);
        using var dir = new TempDir();
        var prefix = Guid.NewGuid().ToString("N");
        var retries = 0;
        StoreSettings Settings(StoreSettings s) => s with
        {
            Transfer = new TransferSettings { PartSizeBytes = 5 * (int)MiB, Parallelism = 2 },
            Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(10), OnRetry = (_, _) => Interlocked.Increment(ref retries) },
        };
        var first = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s1"), 1, new Dictionary<string, long> { ["w.bin"] = MiB });
        Infrastructure.Checkpoints.WriteFolder(dir.Sub("s2"), 2, new Dictionary<string, long> { ["a.bin"] = MiB, ["w.bin"] = 100 * MiB });
        using (var store = await server.OpenAsync(prefix, Settings))
        {
            var c = new Infrastructure.Checkpoints(store);
            await c.CommitAsync(Path.Combine(dir.Path, "s1"), 1);
            var before = DirSize(server.DataDir);

            var upload = c.CommitAsync(Path.Combine(dir.Path, "s2"), 2);
            await Poll.UntilAsync(() => upload.IsCompleted || DirSize(server.DataDir) > before + (12 * MiB), "the second upload to reach the server");
            server.Kill();

            var error = await Assert.ThrowsAsync<CheckpointStorageException>(() => upload);
            Assert.True(error.Transient, error.Message);
            Assert.True(retries > 0, "connection failures are retried");
        }

        server.Restart();
        using (var store = await server.OpenAsync(prefix, Settings))
        {
            var c = new Infrastructure.Checkpoints(store);
            var listed = await c.Reader().ListAsync(CancellationToken.None);
            Assert.DoesNotContain(new CheckpointRef(2, 1), listed);
            if (durable)
            {
                Assert.Equal([new CheckpointRef(1, 1)], listed);
            }

            var third = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s3"), 3, new Dictionary<string, long> { ["w.bin"] = 12 * MiB });
            await c.CommitAsync(Path.Combine(dir.Path, "s3"), 3);

            Assert.Equal(new CheckpointRef(3, 1), (await c.Reader().ListAsync(CancellationToken.None))[0]);
            var restored = await c.Reader().RestoreAsync(0, dir.Sub("restore"), CancellationToken.None);
            Assert.Equal(third, Infrastructure.Checkpoints.HashTree(restored!.Path));
            Assert.NotEqual(first, third);
        }
    }

    [Fact]
    public async Task Storage_down_makes_restore_fail_rather_than_start_fresh()
    {
        using var server = StorageServer.Create("s3rver");
        using var dir = new TempDir();
        using var store = await server.OpenAsync("p", s => s with { Retry = new RetrySettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10) } });
        server.Kill();

        var error = await Assert.ThrowsAsync<CheckpointStorageException>(
            () => new Infrastructure.Checkpoints(store).Reader().RestoreAsync(0, dir.Path, CancellationToken.None));

        Assert.True(error.Transient);
    }

    private static long DirSize(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f =>
        {
            try
            {
                return new FileInfo(f).Length;
            }
            catch (FileNotFoundException)
            {
                return 0;
            }
        });
}
