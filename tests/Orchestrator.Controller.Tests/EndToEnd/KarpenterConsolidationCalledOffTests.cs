using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User story: Karpenter picks a spot node for consolidation, taints it <c>karpenter.sh/disrupted</c>, then calls it off
/// (the replacement did not launch) and removes the taint. No pod was evicted, so the healthy attempt must go on: the
/// taint asks for a just-in-time save, and only an eviction would end the attempt.
/// </summary>
public sealed class KarpenterConsolidationCalledOffTests
{
    private const int Steps = 120;

    [Fact]
    public async Task A_disrupted_taint_that_is_removed_again_saves_and_keeps_the_attempt_running()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        await world.CreateAsync(world.Quickstart("consolidated", Steps, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "10h", workers: 1));

        var pod = await world.WaitForTrainerStepAsync("consolidated", attempt: 1, step: 20, TimeSpan.FromMinutes(2));
        await world.Cluster.MarkDisruptionCandidateAsync(pod.Spec.NodeName);

        await world.WaitForAsync("consolidated", r => IsDisrupted(r) || r.Status?.Attempts?.Count > 1, TimeSpan.FromMinutes(1), "the notice");
        var saved = await world.WaitForAsync("consolidated", r => r.Status?.LastCheckpoint is not null || r.Status?.Attempts?.Count > 1 || r.Status?.Phase is RunPhase.Succeeded,
            TimeSpan.FromMinutes(1), "the just-in-time checkpoint");
        Assert.True(saved.Status!.Attempts!.Count == 1 && saved.Status.Attempts[0].EndTime is null,
            $"the save on the disrupted taint ended attempt 1: {string.Join("; ", saved.Status.Attempts[0].Evidence ?? [])}");
        Assert.NotNull(saved.Status.LastCheckpoint);

        await world.Cluster.AbandonDisruptionAsync(pod.Spec.NodeName);
        var calm = await world.WaitForAsync("consolidated", r => !IsDisrupted(r) || r.Status?.Attempts?.Count > 1, TimeSpan.FromMinutes(1), "Disrupted to clear");
        Assert.Single(calm.Status!.Attempts!);
        Assert.Null(calm.Status.Notice);

        var done = await world.WaitForAsync("consolidated", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");
        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        var only = Assert.Single(done.Status.Attempts!);
        Assert.Equal(AttemptEndReason.Succeeded, only.EndReason);
        Assert.Equal(0, done.Status.Preemptions);
    }

    private static bool IsDisrupted(TrainingRun run) =>
        run.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Disrupted && c.Status == "True") == true;
}
