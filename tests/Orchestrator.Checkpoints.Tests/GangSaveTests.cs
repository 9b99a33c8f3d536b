using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>
/// Two ranks of the sample trainer (independent processes training identical replicas) with their sidecars: a save
/// request must end as one committed checkpoint of the same step on both ranks, however far apart the ranks are.
/// </summary>
[Collection(StorageGroup.Name)]
public sealed class GangSaveTests(SharedServers servers)
{
    [Theory]
    [InlineData("file")]
    [InlineData("s3rver")]
    public async Task Save_request_to_a_lagging_gang_commits_one_checkpoint_of_the_same_step_on_both_ranks(string backend)
    {
        using var b = new Backend(backend, servers);
        using var dir = new TempDir();
        var prefix = "gang-" + Guid.NewGuid().ToString("N")[..8];
        await using var leader = new GangRank(await b.OpenAsync(prefix), Options(dir.Sub("pod-0"), b.UriFor(prefix), rank: 0));
        await using var laggard = new GangRank(await b.OpenAsync(prefix), Options(dir.Sub("pod-1"), b.UriFor(prefix), rank: 1));
        using var store = await b.OpenAsync(prefix);

        // Rank 1 starts 20 steps late and steps four times slower; it also gets the request later.
        var fast = leader.StartTrainer(Path.Combine(dir.Path, "r0"), "--steps", "100000", "--step-seconds", "0.005");
        await Poll.UntilAsync(() => fast.LastStep >= 20, "rank 0 to reach step 20");
        var slow = laggard.StartTrainer(Path.Combine(dir.Path, "r1"), "--steps", "100000", "--step-seconds", "0.02");
        await Poll.UntilAsync(() => slow.LastStep >= 1, "rank 1 to start stepping");

        var request = new SaveRequest("a1-notice", "notice");
        leader.Channel.Request(request);
        var layout = new CheckpointLayout("ns", "r");
        await Poll.UntilAsync(() => store.GetSizeAsync(layout.RequestRankKey(request.Id, 0), CancellationToken.None).Result is not null, "rank 0 to publish its step");
        laggard.Channel.Request(request);

        await Poll.UntilAsync(() => leader.Channel.SaveCompleted.Contains(request.Id), "the request to be answered by rank 0");
        var committed = Assert.Single(leader.Channel.Committed);
        var manifest = (await new CheckpointReader(store, layout, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ReadManifestAsync(committed.Id, CancellationToken.None))!;
        Assert.Equal(request.Id, manifest.RequestId);
        Assert.Equal(2, manifest.WorldSize);
        Assert.Equal([0, 1], manifest.Files.Select(f => f.Rank).Distinct().Order());

        // The agreed step is where the rank furthest ahead paused; the other caught up to it, nobody overshot.
        long[] held = [fast.HeldAt, slow.HeldAt];
        Assert.Equal(held.Max(), manifest.Step);
        Assert.True(held.Min() < manifest.Step, $"the ranks paused at steps {held[0]} and {held[1]}: the test meant them to be apart");
        Assert.Equal([manifest.Step], leader.StepsSavedFor(request.Id));
        Assert.Equal([manifest.Step], laggard.StepsSavedFor(request.Id));

        // Both train on, rank 1 reports only after rank 0 committed, and the agreement leaves nothing in the store.
        await Poll.UntilAsync(() => fast.LastStep > manifest.Step + 3 && slow.LastStep > manifest.Step + 3, "both ranks to train on");
        await Poll.UntilAsync(() => laggard.Channel.SaveCompleted.Contains(request.Id), "rank 1 to report the request answered");
        // The controller ends the attempt on the first answer it sees, so rank 1's pod names the checkpoint first.
        var reports = laggard.Channel.Reports.ToList();
        Assert.True(reports.IndexOf("committed:" + committed.Id) is >= 0 and var at && at < reports.IndexOf("answered:" + request.Id), $"rank 1 reported {string.Join(", ", reports)}");
        Assert.Empty(await Keys(store, layout.RequestsPrefix));
        Assert.False(File.Exists(Path.Combine(leader.Dir, ".orchestrator", "save-request")), "rank 0's trainer consumed the request");
        Assert.False(File.Exists(Path.Combine(laggard.Dir, ".orchestrator", "save-request")), "rank 1's trainer consumed the request");
    }

    [Fact]
    public async Task Request_arriving_while_the_laggard_catches_up_lets_it_save_the_agreed_step_first_and_both_commit()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        var uri = b.UriFor("twice");
        await using var leader = new GangRank(await b.OpenAsync("twice"), Options(dir.Sub("pod-0"), uri, rank: 0));
        await using var laggard = new GangRank(await b.OpenAsync("twice"), Options(dir.Sub("pod-1"), uri, rank: 1));
        var fast = leader.StartTrainer(Path.Combine(dir.Path, "r0"), "--steps", "100000", "--step-seconds", "0.005");
        await Poll.UntilAsync(() => fast.LastStep >= 30, "rank 0 to reach step 30");
        var slow = laggard.StartTrainer(Path.Combine(dir.Path, "r1"), "--steps", "100000", "--step-seconds", "0.02");
        await Poll.UntilAsync(() => slow.LastStep >= 1, "rank 1 to start stepping");

        var first = new SaveRequest("a1-periodic-1", "periodic");
        leader.Channel.Request(first);
        laggard.Channel.Request(first);
        var request = Path.Combine(laggard.Dir, ".orchestrator", "save-request");
        await Poll.UntilAsync(() => TrainerFiles.ReadJson<SaveRequest>(request) is { Step: not null }, "rank 1 to be told the agreed step");
        var agreed = TrainerFiles.ReadJson<SaveRequest>(request)!.Step!.Value;
        Assert.True(slow.LastStep < agreed, $"rank 1 is at step {slow.LastStep}, not behind the agreed step {agreed}: the test meant it to catch up");

        // The next request comes while rank 1 still trains towards the first agreed step.
        var second = new SaveRequest("a1-periodic-2", "periodic");
        leader.Channel.Request(second);
        laggard.Channel.Request(second);

        // Both checkpoints commit: the first one only because rank 1 saved the first agreed step before holding again.
        await Poll.UntilAsync(() => leader.Channel.SaveCompleted.Contains(second.Id), "the second request to be answered");
        var steps = leader.Channel.Committed.Select(c => c.Step).ToList();
        Assert.Equal(2, steps.Count);
        Assert.Equal(agreed, steps[0]);
        Assert.True(steps[1] >= agreed, $"the second checkpoint (step {steps[1]}) is older than the first (step {agreed})");
        Assert.Contains(first.Id, leader.Channel.SaveCompleted);
    }

    [Fact]
    public async Task Peer_that_never_answers_releases_the_hold_at_the_deadline_and_nothing_commits()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        var options = Options(dir.Sub("pod-0"), b.UriFor("alone"), rank: 0) with { AgreeTimeout = TimeSpan.FromSeconds(2) };
        await using var alone = new GangRank(await b.OpenAsync("alone"), options);
        using var store = await b.OpenAsync("alone");
        var trainer = alone.StartTrainer(Path.Combine(dir.Path, "r0"), "--steps", "100000", "--step-seconds", "0.01");
        await Poll.UntilAsync(() => trainer.LastStep >= 3, "the trainer to start stepping");

        var asked = System.Diagnostics.Stopwatch.StartNew();
        alone.Channel.Request(new SaveRequest("a1-periodic-1", "periodic"));
        await Poll.UntilAsync(() => alone.StepsSavedFor("a1-periodic-1").Count > 0, "the hold to be released with a save");
        var waited = asked.Elapsed;

        var saved = Assert.Single(alone.StepsSavedFor("a1-periodic-1"));
        Assert.Equal(trainer.HeldAt, saved);
        Assert.True(waited >= options.AgreeTimeout, $"the trainer saved after {waited}, before the {options.AgreeTimeout} deadline");
        await Poll.UntilAsync(() => trainer.LastStep > saved + 3, "the trainer to train on after the release");

        // Rank 0 uploads its part, looks for rank 1's and gives up on the commit: nothing is listed.
        var layout = new CheckpointLayout("ns", "r");
        await Poll.UntilAsync(() => alone.Log.Contains("giving up on the checkpoint at step", StringComparison.Ordinal), "the sidecar to give up on the commit");
        Assert.NotNull(await store.GetSizeAsync(layout.RankManifestKey(new CheckpointRef(saved, 1).Id, 0), CancellationToken.None));
        Assert.Empty(await new CheckpointReader(store, layout, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ListAsync(CancellationToken.None));
        Assert.Empty(alone.Channel.Committed);
        Assert.Empty(alone.Channel.SaveCompleted);
        Assert.Contains("no step from rank(s) 1", alone.Log, StringComparison.Ordinal);
        Assert.Contains("CANNOT commit", alone.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_with_an_agreed_step_ahead_trains_on_to_that_step_saves_it_and_exits_143()
    {
        using var dir = new TempDir();
        var pod = dir.Sub("pod");
        using var trainer = new TrainerProcess(pod, Path.Combine(dir.Path, "result"), "--steps", "100000", "--step-seconds", "0.01");
        await Poll.UntilAsync(() => trainer.LastStep >= 2, "the trainer to start stepping");
        var target = trainer.LastStep + 25;
        TrainerFiles.WriteJsonAtomically(Path.Combine(pod, ".orchestrator", "save-request"), new SaveRequest("a1-notice", "notice") { Step = target });

        trainer.Signal("TERM");

        Assert.Equal(143, await trainer.WaitAsync());
        Assert.Equal(target, trainer.TerminatedAfter);
        var marker = TrainerFiles.ReadJson<FinishedMarker>(Path.Combine(pod, StepFolders.Name(target), StepFolders.FinishedMarker));
        Assert.Equal(new FinishedMarker(target, "a1-notice"), marker);
    }

    [Fact]
    public async Task Gang_resumed_from_an_agreed_checkpoint_ends_with_the_uninterrupted_digest_on_both_ranks()
    {
        using var b = new Backend("file", servers);
        using var dir = new TempDir();
        var uri = b.UriFor("resume");
        // Slow enough in attempt 1 that neither rank finishes before the request; the digest does not depend on it.
        string[] trainerArgs = ["--steps", "60", "--step-seconds", "0.05"];
        var reference = await UninterruptedDigestAsync(dir, 60);

        long agreed;
        await using (var leader = new GangRank(await b.OpenAsync("resume"), Options(dir.Sub("a1-0"), uri, rank: 0)))
        await using (var laggard = new GangRank(await b.OpenAsync("resume"), Options(dir.Sub("a1-1"), uri, rank: 1)))
        {
            var fast = leader.StartTrainer(Path.Combine(dir.Path, "unused-0"), trainerArgs);
            await Poll.UntilAsync(() => fast.LastStep >= 8, "rank 0 to reach step 8");
            var slow = laggard.StartTrainer(Path.Combine(dir.Path, "unused-1"), trainerArgs);
            await Poll.UntilAsync(() => slow.LastStep >= 1, "rank 1 to start stepping");
            leader.Channel.Request(new SaveRequest("a1-notice", "notice"));
            laggard.Channel.Request(new SaveRequest("a1-notice", "notice"));
            await Poll.UntilAsync(() => leader.Channel.Committed.Count == 1, "the agreed checkpoint to commit");
            agreed = leader.Channel.Committed.Single().Step;

            // The node vanishes: both trainers die at once, whatever they did since (on a fast machine rank 0 may
            // have finished its 60 steps already; the resume below is the same).
            fast.Signal("KILL");
            slow.Signal("KILL");
            Assert.Contains(await fast.WaitAsync(), (int[])[0, 137]);
            Assert.Equal(137, await slow.WaitAsync());
        }

        // Every rank's restore init container runs at once, as a gang's do: they agree on what to restore.
        var results = new List<string>();
        var restores = new List<Task<int>>();
        for (var rank = 0; rank < 2; rank++)
        {
            var pod = dir.Sub("a2-" + rank);
            string[] restore = ["restore", "--dir", pod, "--uri", uri, "--namespace", "ns", "--run", "r", "--attempt", "2", "--rank", rank.ToString(System.Globalization.CultureInfo.InvariantCulture), "--world-size", "2", "--no-kube", "--restore-timeout-seconds", "60"];
            restores.Add(AgentProgram.RunAsync(restore, new Dictionary<string, string?>(), TextWriter.Null));
            results.Add(Path.Combine(dir.Path, "result-" + rank));
        }

        var exits = await Task.WhenAll(restores);
        Assert.Equal((int[])[0, 0], exits);
        for (var rank = 0; rank < 2; rank++)
        {
            Assert.Equal(agreed, TrainerFiles.ReadJson<RestoreInfo>(Path.Combine(dir.Path, "a2-" + rank, ".orchestrator", "restore.json"))?.Step);
        }

        await using (var leader = new GangRank(await b.OpenAsync("resume"), Options(Path.Combine(dir.Path, "a2-0"), uri, rank: 0, attempt: 2)))
        await using (var laggard = new GangRank(await b.OpenAsync("resume"), Options(Path.Combine(dir.Path, "a2-1"), uri, rank: 1, attempt: 2)))
        {
            Assert.Equal(0, await leader.StartTrainer(results[0], "--steps", "60").WaitAsync());
            Assert.Equal(0, await laggard.StartTrainer(results[1], "--steps", "60").WaitAsync());
        }

        Assert.All(results, r => Assert.Equal(reference, File.ReadAllText(r).Trim()));
    }

    private static async Task<string> UninterruptedDigestAsync(TempDir dir, int steps)
    {
        var result = Path.Combine(dir.Path, "reference");
        using var trainer = new TrainerProcess(dir.Sub("reference-pod"), result, "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await trainer.WaitAsync());
        return File.ReadAllText(result).Trim();
    }

    internal static AgentOptions Options(string pod, string uri, int rank, int attempt = 1) => new()
    {
        Dir = pod,
        Uri = uri,
        Namespace = "ns",
        Run = "r",
        Attempt = attempt,
        Rank = rank,
        WorldSize = 2,
        NoKube = true,
        PollInterval = TimeSpan.FromMilliseconds(50),
        SaveQuiet = TimeSpan.FromMilliseconds(300),
        CommitTimeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<List<string>> Keys(ICheckpointStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, CancellationToken.None))
        {
            keys.Add(item.Key);
        }

        return keys;
    }
}
