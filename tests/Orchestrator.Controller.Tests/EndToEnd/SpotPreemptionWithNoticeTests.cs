using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: a spot node gets an interruption notice; a just-in-time checkpoint saves the work and the run resumes on spot.</summary>
public sealed class SpotPreemptionWithNoticeTests
{
    private const int Steps = 120;

    [Fact]
    public async Task Notice_leads_to_a_just_in_time_checkpoint_and_a_resume_on_spot_losing_at_most_one_step()
    {
        // Two workers, as the quickstart: their agents agree on the step to save, and the rank behind catches up to it.
        // On a loaded two-core machine their pods start seconds apart, so that catch-up takes seconds of real time:
        // at a time scale of 10 the 120 s notice window is 12 real seconds (at 30 it was 4, and 1 run in 3 missed it).
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var reference = await world.ReferenceDigestAsync(Steps);
        // No periodic checkpoint within the test: whatever attempt 2 restores comes from the notice.
        await world.CreateAsync(world.Quickstart("notice", Steps, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "10h", workers: 2));

        var pod = await world.WaitForTrainerStepAsync("notice", attempt: 1, step: 20, TimeSpan.FromMinutes(2));
        var preemption = world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: true);
        var stepAtNotice = world.TrainerStep(pod.Metadata.Name);

        var checkpointing = await world.WaitForAsync("notice", r => r.Status?.Phase == RunPhase.Checkpointing || r.Status?.Attempts?.Count > 1, TimeSpan.FromMinutes(1), "the notice");
        var done = await world.WaitForAsync("notice", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");
        await preemption;

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(2, done.Status.Attempts!.Count);
        var (first, second) = (done.Status.Attempts[0], done.Status.Attempts[1]);
        Assert.True(first.EndReason == AttemptEndReason.Preempted, $"attempt 1 ended {first.EndReason}: {string.Join("; ", first.Evidence ?? [])}");
        Assert.Contains(first.Evidence!, e => e.Contains("just-in-time save committed", StringComparison.Ordinal));
        Assert.Equal(CapacityType.Spot, second.Capacity);
        Assert.Equal(1, done.Status.Preemptions);
        Assert.Equal(0, done.Status.AppFailures);
        Assert.NotNull(second.RestoredStep);
        Assert.True(second.RestoredStep >= stepAtNotice - 1, $"attempt 2 restored step {second.RestoredStep}, the trainer was at step {stepAtNotice} when the notice came (lost {stepAtNotice - second.RestoredStep} steps)");
        Assert.NotNull(checkpointing);

        // The taint reached the work queue through the urgent lane (ahead of timed looks and routine events).
        Assert.True(world.Runtime.Metrics.QueueAdds.WithLabels("node", "urgent").Value >= 1, "the notice taint was not queued as urgent");
        var digests = world.ResultDigests("notice", done.Status.Attempts!.Count);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }
}
