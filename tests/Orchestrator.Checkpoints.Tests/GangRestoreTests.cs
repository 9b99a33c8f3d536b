using System.Text.Json;
using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// Every rank of an attempt runs <c>trainctl agent restore</c> on its own; together they must restore one checkpoint
/// that verifies for all of them, or all start fresh, with no help from the trainer.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class GangRestoreTests(SharedServers servers)
{
    private static readonly Dictionary<string, long> Files = new() { ["model/weights.bin"] = 150_000, ["meta.json"] = 64 };

    [Theory]
    [InlineData("file")]
    [InlineData("s3rver")]
    public async Task Damaged_file_on_one_rank_makes_the_whole_gang_restore_the_same_older_checkpoint(string backend)
    {
        using var b = new Backend(backend, servers);
        using var dir = new TempDir();
        var prefix = "restore-" + Guid.NewGuid().ToString("N")[..8];
        using var store = await b.OpenAsync(prefix);
        var c = new Infrastructure.Checkpoints(store, "r");
        await CommitGangAsync(c, dir, step: 10, attempt: 1);
        await CommitGangAsync(c, dir, step: 20, attempt: 1);
        await store.PutAsync(c.Layout.RankPrefix(new CheckpointRef(20, 1).Id, 1) + "model/weights.bin", new MemoryStream(new byte[150_000]), CancellationToken.None);

        var exits = await Task.WhenAll(RestoreAsync(b, prefix, dir.Sub("pod-0"), rank: 0, attempt: 2), RestoreAsync(b, prefix, dir.Sub("pod-1"), rank: 1, attempt: 2));

        Assert.All(exits, e => Assert.Equal(0, e.Exit));
        var infos = exits.Select(e => ReadRestoreInfo(e.Dir)).ToList();
        Assert.All(infos, i => Assert.Equal(10, i!.Step));
        Assert.All(infos, i => Assert.Equal(new CheckpointRef(10, 1).Id, i!.Id));
        Assert.All(exits, e => Assert.False(Directory.Exists(Path.Combine(e.Dir, StepFolders.Name(20))), "no rank keeps the damaged step's files"));
        Assert.All(infos, i => Assert.Equal(new CheckpointRef(20, 1).Id, Assert.Single(i!.Skipped!).Id));
        Assert.All(infos, i => Assert.Contains("damaged on rank 1", i!.Skipped![0].Reason, StringComparison.Ordinal));
        var reports = exits.Select(e => ReadReport(e.Dir)).ToList();
        Assert.All(reports, r => Assert.Equal((2, 10L), (r!.Attempt, r.Step!.Value)));
        Assert.All(reports, r => Assert.Equal(new CheckpointRef(20, 1).Id, Assert.Single(r!.Skipped).Id));
    }

    [Fact]
    public async Task A_rank_that_cannot_write_its_local_folder_fails_the_whole_gang_and_nobody_falls_back_or_starts_fresh()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        using var store = await b.OpenAsync("disk");
        var c = new Infrastructure.Checkpoints(store, "r");
        await CommitGangAsync(c, dir, step: 10, attempt: 1);
        await CommitGangAsync(c, dir, step: 20, attempt: 1);
        // Rank 1's disk refuses its staging folder (a file in the way fails it as a full disk would): the fault is
        // the pod's, not the checkpoint's, so skipping to step 10 or to step 0 would throw work away.
        var pod1 = dir.Sub("pod-1");
        Directory.CreateDirectory(Path.Combine(pod1, ".orchestrator"));
        await File.WriteAllTextAsync(Path.Combine(pod1, ".orchestrator", "restoring-" + new CheckpointRef(20, 1).Id), "");

        var exits = await Task.WhenAll(RestoreAsync(b, "disk", dir.Sub("pod-0"), rank: 0, attempt: 2), RestoreAsync(b, "disk", pod1, rank: 1, attempt: 2));

        Assert.All(exits, e => Assert.Equal(1, e.Exit));
        Assert.All(exits, e => Assert.Null(ReadRestoreInfo(e.Dir)));
        Assert.All(exits, e => Assert.Contains("rank 1 cannot write its local checkpoint folder", e.Log, StringComparison.Ordinal));
        Assert.All(exits, e => Assert.False(Directory.Exists(Path.Combine(e.Dir, StepFolders.Name(10))), "no rank fell back"));
    }

    internal static async Task CommitGangAsync(Infrastructure.Checkpoints c, TempDir dir, long step, int attempt, int worldSize = 2)
    {
        var id = new CheckpointRef(step, attempt);
        for (var rank = 0; rank < worldSize; rank++)
        {
            var folder = dir.Sub($"src-{step}-a{attempt}-r{rank}");
            Infrastructure.Checkpoints.WriteFolder(folder, step + rank, Files);
            await c.Writer().UploadRankAsync(folder, id, rank, null, CancellationToken.None);
        }

        await c.Writer().CommitAsync(id, worldSize, null, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    internal static async Task<(int Exit, string Dir, string Log)> RestoreAsync(Backend b, string prefix, string podDir, int rank, int attempt, int worldSize = 2)
    {
        using var log = new StringWriter();
        using var store = await b.OpenAsync(prefix);
        var options = new AgentOptions { Dir = podDir, Uri = b.UriFor(prefix), Namespace = "ns", Run = "r", Attempt = attempt, Rank = rank, WorldSize = worldSize, NoKube = true, PollInterval = TimeSpan.FromMilliseconds(20), RestoreTimeout = TimeSpan.FromSeconds(60) };
        var logger = new TextWriterLogger(TextWriter.Synchronized(log), new Orchestrator.Checkpoints.Storage.Redactor([]), TimeProvider.System);
        var exit = await new RestoreCommand(options, store, new LocalPodChannel(new TrainerFiles(podDir)), TimeProvider.System, logger).RunAsync(CancellationToken.None);
        return (exit, podDir, log.ToString());
    }

    internal static Orchestrator.Api.RestoreReport? ReadReport(string podDir) =>
        TrainerFiles.ReadJson<Orchestrator.Api.RestoreReport>(new TrainerFiles(podDir).RestoredReportPath);

    internal static RestoreInfo? ReadRestoreInfo(string podDir)
    {
        var path = Path.Combine(podDir, ".orchestrator", "restore.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<RestoreInfo>(File.ReadAllText(path)) : null;
    }
}
