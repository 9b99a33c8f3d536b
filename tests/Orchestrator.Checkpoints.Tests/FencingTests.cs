using System.Text.Json;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// A zombie: attempt 1's agents on a node cut off from the API server keep training and committing after the
/// controller ended attempt 1 and attempt 2 restored. Nothing it commits late may ever be restored in place of the
/// line attempt 2 trained on, however new its step.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class FencingTests(SharedServers servers)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("file")]
    [InlineData("azurite")]
    public async Task Zombie_attempts_late_commit_is_fenced_from_every_later_restore(string backend)
    {
        using var b = new Backend(backend, servers);
        using var dir = new TempDir();
        var prefix = "fence-" + Guid.NewGuid().ToString("N")[..8];
        using var store = await b.OpenAsync(prefix);
        var c = new Infrastructure.Checkpoints(store, "r");
        await GangRestoreTests.CommitGangAsync(c, dir, step: 10, attempt: 1);

        var second = await Task.WhenAll(GangRestoreTests.RestoreAsync(b, prefix, dir.Sub("a2-pod-0"), rank: 0, attempt: 2), GangRestoreTests.RestoreAsync(b, prefix, dir.Sub("a2-pod-1"), rank: 1, attempt: 2));
        Assert.All(second, r => Assert.Equal(10, GangRestoreTests.ReadRestoreInfo(r.Dir)!.Step));

        // The zombie's commit after attempt 2 began restoring is refused by its own agent...
        var fenced = await Assert.ThrowsAsync<CheckpointFencedException>(() => GangRestoreTests.CommitGangAsync(c, dir, step: 30, attempt: 1));
        Assert.Contains("attempt 2 has begun restoring", fenced.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new CheckpointRef(30, 1), await c.Reader().ListAsync(CancellationToken.None));

        // ...and one that checked just before the plan appeared and landed just after is committed, complete and valid.
        await WriteManifestLateAsync(store, c, new CheckpointRef(31, 1));
        await GangRestoreTests.CommitGangAsync(c, dir, step: 20, attempt: 2);

        // Unfenced, by step order alone, the zombie's checkpoint would win: that was the bug.
        Assert.Equal(31, (await c.Reader().RestoreAsync(0, dir.Sub("unfenced"), CancellationToken.None))!.Step);
        var third = await Task.WhenAll(GangRestoreTests.RestoreAsync(b, prefix, dir.Sub("a3-pod-0"), rank: 0, attempt: 3), GangRestoreTests.RestoreAsync(b, prefix, dir.Sub("a3-pod-1"), rank: 1, attempt: 3));

        Assert.All(third, r => Assert.Equal(0, r.Exit));
        Assert.All(third, r => Assert.Equal(new CheckpointRef(20, 2).Id, GangRestoreTests.ReadRestoreInfo(r.Dir)!.Id));
        var report = GangRestoreTests.ReadReport(third[0].Dir)!;
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(new CheckpointRef(31, 1).Id, skipped.Id);
        Assert.StartsWith("fenced", skipped.Reason, StringComparison.Ordinal);

        // A zombie that restores late (its pod started after attempt 3's) fails instead of training on a side line.
        var late = await GangRestoreTests.RestoreAsync(b, prefix, dir.Sub("a2-late"), rank: 0, attempt: 2);
        Assert.Equal(1, late.Exit);
        Assert.Contains("superseded", late.Log, StringComparison.Ordinal);

        // The superseded attempt prunes nothing; the live one removes the fenced checkpoint first, keeping what restores.
        Assert.Empty(await c.Retention().PruneAsync(1, CancellationToken.None, attempt: 2));
        var pruned = await c.Retention().PruneAsync(2, CancellationToken.None, attempt: 3);
        Assert.Equal([new CheckpointRef(31, 1).Id], pruned);
        Assert.Equal([new CheckpointRef(20, 2), new CheckpointRef(10, 1)], await c.Reader().ListAsync(CancellationToken.None));
    }

    /// <summary>The zombie's rank parts and manifest, written as its agents would had their fence check come a moment earlier.</summary>
    private static async Task WriteManifestLateAsync(Orchestrator.Checkpoints.Storage.ICheckpointStore store, Infrastructure.Checkpoints c, CheckpointRef id)
    {
        using var dir = new TempDir();
        var files = new List<ManifestFile>();
        for (var rank = 0; rank < 2; rank++)
        {
            var folder = dir.Sub($"r{rank}");
            Infrastructure.Checkpoints.WriteFolder(folder, id.Step, new Dictionary<string, long> { ["model/weights.bin"] = 1000 });
            files.AddRange((await c.Writer().UploadRankAsync(folder, id, rank, null, CancellationToken.None)).Files);
        }

        var manifest = new CheckpointManifest
        {
            Id = id.Id, Namespace = "ns", Run = "r", Attempt = id.Attempt, Step = id.Step, CreatedAt = DateTimeOffset.UnixEpoch, WorldSize = 2,
            TotalSizeBytes = files.Sum(f => f.SizeBytes), Files = files,
        };
        await store.PutAsync(c.Layout.ManifestKey(id.Id), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, Web)), CancellationToken.None);
    }
}
