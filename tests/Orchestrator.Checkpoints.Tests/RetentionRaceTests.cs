using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

[Collection(StorageGroup.Name)]
public sealed class RetentionRaceTests(SharedServers servers)
{
    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    public async Task Restore_racing_retention_always_gets_a_whole_verified_checkpoint(string backend)
    {
        using var b = new Backend(backend, servers);
        using var store = await b.OpenAsync(Guid.NewGuid().ToString("N"));
        using var dir = new TempDir();
        var c = new Infrastructure.Checkpoints(store);
        var files = new Dictionary<string, long> { ["a.bin"] = 40_000, ["b.bin"] = 40_000, ["c/d.bin"] = 40_000, ["e.bin"] = 40_000 };
        var expected = new Dictionary<long, Dictionary<string, string>>();
        for (long step = 1; step <= 12; step++)
        {
            expected[step] = Infrastructure.Checkpoints.WriteFolder(dir.Sub("s" + step), step, files);
        }

        await c.CommitAsync(Path.Combine(dir.Path, "s1"), 1);
        var writer = Task.Run(async () =>
        {
            for (long step = 2; step <= 12; step++)
            {
                await c.CommitAsync(Path.Combine(dir.Path, "s" + step), step);
                await c.Retention().PruneAsync(1, CancellationToken.None);
            }
        });

        var restores = 0;
        while (!writer.IsCompleted || restores < 3)
        {
            var target = dir.Sub("restore-" + restores++);
            var restored = await c.Reader().RestoreAsync(0, target, CancellationToken.None);

            Assert.NotNull(restored);
            Assert.Equal(expected[restored.Step], Infrastructure.Checkpoints.HashTree(restored.Path));
        }

        await writer;
        Assert.Equal([new Protocol.CheckpointRef(12, 1)], await c.Reader().ListAsync(CancellationToken.None));
    }
}
