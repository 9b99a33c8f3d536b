using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: suspending a run checkpoints and stops it; resuming continues from that checkpoint.</summary>
public sealed class SuspendResumeTests
{
    private const int Steps = 100;

    [Fact]
    public async Task Suspend_checkpoints_and_stops_then_resume_continues_from_the_checkpoint()
    {
        await using var world = await ControllerWorld.StartAsync();
        var reference = await world.ReferenceDigestAsync(Steps);
        await world.CreateAsync(world.Quickstart("pause", Steps, stepSeconds: 0.05, spec => spec.Checkpoint.Interval = "10h"));
        var pod = await world.WaitForTrainerStepAsync("pause", 1, step: 15, TimeSpan.FromMinutes(2));

        await world.PatchSpecAsync("pause", "{\"suspend\":true}");
        var stepAtSuspend = world.TrainerStep(pod.Metadata.Name);
        var suspended = await world.WaitForAsync("pause", r => r.Status?.Phase == RunPhase.Suspended, TimeSpan.FromMinutes(1), "suspension");
        await world.WaitUntilAsync(async () => (await world.JobsAsync("pause")).Count == 0, TimeSpan.FromMinutes(1), "the attempt's Job to go");

        var first = Assert.Single(suspended.Status!.Attempts!);
        Assert.Equal(AttemptEndReason.Suspended, first.EndReason);
        var saved = suspended.Status.LastCheckpoint!.Step;
        Assert.True(saved >= stepAtSuspend, $"the suspend checkpoint is at step {saved}, the trainer was at {stepAtSuspend}");

        await world.PatchSpecAsync("pause", "{\"suspend\":false}");
        var done = await world.WaitForAsync("pause", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(2, done.Status.Attempts!.Count);
        // What the pods report they restored: the suspend checkpoint, or the one the stopping trainer saved on
        // SIGTERM after it, which its draining sidecar committed before attempt 2 began.
        var restored = Assert.Single(world.RestoredSteps("pause", 2).Distinct());
        Assert.Equal(restored, done.Status.Attempts[1].RestoredStep);
        Assert.True(restored >= saved, $"attempt 2 restored step {restored}, before the suspend checkpoint at {saved}");
        Assert.Equal(0, done.Status.Preemptions + done.Status.AppFailures);
        var digests = world.ResultDigests("pause", done.Status.Attempts!.Count);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }
}
