using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// A bare SIGTERM in a gang (a node drain, Karpenter consolidation, graceful node shutdown, an eviction: no save
/// request comes first): the ranks must still agree on one step and commit it, whether one rank's node goes or all.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class GangSigtermTests(SharedServers servers)
{
    [Fact]
    public async Task Sigterm_to_one_rank_alone_commits_one_checkpoint_of_the_same_step_on_both_ranks()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        var uri = b.UriFor("drain-one");
        await using var leader = new GangRank(await b.OpenAsync("drain-one"), GangSaveTests.Options(dir.Sub("pod-0"), uri, rank: 0));
        await using var drained = new GangRank(await b.OpenAsync("drain-one"), GangSaveTests.Options(dir.Sub("pod-1"), uri, rank: 1));
        using var store = await b.OpenAsync("drain-one");
        var fast = leader.StartTrainer(Path.Combine(dir.Path, "r0"), "--steps", "100000", "--step-seconds", "0.005");
        var slow = drained.StartTrainer(Path.Combine(dir.Path, "r1"), "--steps", "100000", "--step-seconds", "0.02");
        await Poll.UntilAsync(() => fast.LastStep >= 20 && slow.LastStep >= 5, "both ranks to train");

        slow.Signal("TERM");

        Assert.Equal(143, await slow.WaitAsync());
        Assert.Equal(0, await drained.StopSidecarAsync());
        await Poll.UntilAsync(() => !leader.Channel.Committed.IsEmpty, "rank 0 to commit the checkpoint the gang agreed on");
        var committed = Assert.Single(leader.Channel.Committed);
        var manifest = (await new CheckpointReader(store, new CheckpointLayout("ns", "r"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ReadManifestAsync(committed.Id, CancellationToken.None))!;
        Assert.Equal([0, 1], manifest.Files.Select(f => f.Rank).Distinct().Order());
        Assert.Equal(slow.TerminatedAfter, manifest.Step);
        Assert.Equal([manifest.Step], leader.StepsSavedFor("a1-sigterm"));
        Assert.Equal([manifest.Step], drained.StepsSavedFor("a1-sigterm"));
        await Poll.UntilAsync(() => fast.LastStep > manifest.Step + 3, "rank 0, whose node stays, to train on");
    }

    [Fact]
    public async Task Sigterm_to_every_rank_at_different_moments_commits_one_checkpoint_of_one_step()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        var uri = b.UriFor("drain-all");
        await using var first = new GangRank(await b.OpenAsync("drain-all"), GangSaveTests.Options(dir.Sub("pod-0"), uri, rank: 0));
        await using var second = new GangRank(await b.OpenAsync("drain-all"), GangSaveTests.Options(dir.Sub("pod-1"), uri, rank: 1));
        using var store = await b.OpenAsync("drain-all");
        var t0 = first.StartTrainer(Path.Combine(dir.Path, "r0"), "--steps", "100000", "--step-seconds", "0.01");
        var t1 = second.StartTrainer(Path.Combine(dir.Path, "r1"), "--steps", "100000", "--step-seconds", "0.01");
        await Poll.UntilAsync(() => t0.LastStep >= 10 && t1.LastStep >= 10, "both ranks to train");

        t0.Signal("TERM");
        await Poll.UntilAsync(() => t0.HeldAt >= 0 || t0.HasExited, "rank 0 to pause for the gang");
        t1.Signal("TERM");

        Assert.Equal(143, await t0.WaitAsync());
        Assert.Equal(143, await t1.WaitAsync());
        var stops = await Task.WhenAll(first.StopSidecarAsync(), second.StopSidecarAsync());
        Assert.Equal((int[])[0, 0], stops);
        var committed = Assert.Single(first.Channel.Committed);
        Assert.Equal(t0.TerminatedAfter, committed.Step);
        Assert.Equal(t1.TerminatedAfter, committed.Step);
        var manifest = (await new CheckpointReader(store, new CheckpointLayout("ns", "r"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ReadManifestAsync(committed.Id, CancellationToken.None))!;
        Assert.Equal([0, 1], manifest.Files.Select(f => f.Rank).Distinct().Order());
    }
}
