using System.Globalization;
using k8s;
using Orchestrator.Api;

namespace Orchestrator.Cli.Demo;

/// <summary>
/// The script: submit the quickstart, let it make progress on spot, reclaim its spot node with a notice (the
/// just-in-time checkpoint), then take one away without notice (resume from the last periodic checkpoint), and
/// let the policy move the run to on-demand, where it finishes.
/// </summary>
internal sealed class DemoStory(DemoWorld world, DemoFeed feed, DemoOptions options)
{
    /// <summary>Real time any one moment of the story may take on a loaded two-core machine.</summary>
    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(60);

    public async Task<TrainingRun> RunAsync(CancellationToken ct)
    {
        var run = world.Quickstart(options);
        var fallback = run.Spec.Capacity?.Fallback?.AfterPreemptions;
        await world.CreateAsync(run, ct);
        feed.Say(Invariant($"submitted samples/quickstart.yaml as {DemoOptions.Namespace}/{DemoOptions.RunName}: {run.Spec.Workers} worker{(run.Spec.Workers == 1 ? "" : "s")}, spot first, on-demand after {fallback} preemptions, a checkpoint every {run.Spec.Checkpoint.Interval}"));

        await feed.WaitForAsync(r => r.Status?.LastCheckpoint is { Attempt: 1 }, "a first checkpoint on spot", StageTimeout, ct);
        var first = await NodeOfAttemptAsync(1, ct);
        feed.Say($"the cloud reclaims spot node {first} WITH NOTICE: it terminates in 2 minutes of cluster time");
        var noticed = world.Cluster.PreemptAsync(first, withNotice: true, ct);
        await feed.WaitForAsync(r => r.Status?.Notice is not null || r.Status?.Preemptions >= 1, "the controller to see the notice", StageTimeout, ct);
        await feed.WaitForAsync(r => Attempt(r, 2)?.StartTime is not null, "attempt 2 running on new spot capacity", StageTimeout, ct);

        var restored = Attempt(feed.Latest!, 2)?.RestoredStep ?? 0;
        await feed.WaitForAsync(r => r.Status?.LastCheckpoint is { Attempt: 2 } c && c.Step > restored, "a periodic checkpoint in attempt 2", StageTimeout, ct);
        // Let the trainer run on past that checkpoint, so the loss of the node costs visible work.
        await Task.Delay(TimeSpan.FromSeconds(20), world.Cluster.Time, ct);
        var second = await NodeOfAttemptAsync(2, ct);
        feed.Say($"spot node {second} VANISHES WITHOUT NOTICE: the work since the last periodic checkpoint is lost");
        await world.Cluster.PreemptAsync(second, withNotice: false, ct);
        await feed.WaitForAsync(r => Attempt(r, 3) is not null, "attempt 3", StageTimeout, ct);

        var done = await feed.WaitForAsync(r => r.Status?.Phase == RunPhase.Succeeded, "completion", StageTimeout * 2, ct);
        await noticed;
        return done;
    }

    private static AttemptRecord? Attempt(TrainingRun run, int index) => run.Status?.Attempts?.FirstOrDefault(a => a.Index == index);

    private async Task<string> NodeOfAttemptAsync(int attempt, CancellationToken ct)
    {
        var pods = await world.Client.CoreV1.ListNamespacedPodAsync(
            DemoOptions.Namespace,
            labelSelector: Invariant($"{Labels.Run}={DemoOptions.RunName},{Labels.Attempt}={attempt}"),
            cancellationToken: ct);
        return pods.Items.Select(p => p.Spec?.NodeName).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new CliException(ExitCodes.Failure, Invariant($"demo: attempt {attempt} has no pod on a node"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
