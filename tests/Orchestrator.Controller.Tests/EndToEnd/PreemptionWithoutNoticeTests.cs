using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: a spot node vanishes without notice; the run resumes from its last periodic checkpoint.</summary>
public sealed class PreemptionWithoutNoticeTests
{
    private const int Steps = 120;

    [Fact]
    public async Task Vanished_node_resumes_from_the_last_periodic_checkpoint()
    {
        await using var world = await ControllerWorld.StartAsync();
        var reference = await world.ReferenceDigestAsync(Steps);
        // 30 s of sandbox time is one real second at the world's scale: about ten trainer steps.
        await world.CreateAsync(world.Quickstart("vanish", Steps, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "30s"));

        var periodic = await world.WaitForAsync("vanish", r => r.Status?.LastCheckpoint?.Step >= 10, TimeSpan.FromMinutes(2), "a periodic checkpoint");
        var pod = (await world.PodsOfAttemptAsync("vanish", 1)).First(p => p.Spec?.NodeName is not null);
        var known = (await world.GetAsync("vanish")).Status!.LastCheckpoint!.Step;
        await world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: false);
        // Read once the node is gone: it also holds a commit of the last instants, reported a little later.
        var committedBefore = (await world.GetAsync("vanish")).Status!.LastCheckpoint!.Step;

        var done = await world.WaitForAsync("vanish", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(2, done.Status.Attempts!.Count);
        Assert.Equal(AttemptEndReason.Preempted, done.Status.Attempts[0].EndReason);
        Assert.Equal(1, done.Status.Preemptions);
        Assert.Equal(0, done.Status.AppFailures);
        // The status records the newest checkpoint the controller knew when it created attempt 2; a commit reported
        // after the node was seen gone can be newer, and the restore (which lists the store) takes that one.
        Assert.True(done.Status.Attempts[1].RestoredStep >= known, $"attempt 2 records step {done.Status.Attempts[1].RestoredStep}, but the controller knew step {known} before the node vanished");
        var restored = world.RestoredSteps("vanish", 2);
        Assert.NotEmpty(restored);
        Assert.All(restored, step => Assert.True(step >= committedBefore, $"attempt 2 restored step {step}, but step {committedBefore} was committed before the node vanished"));
        Assert.True(committedBefore >= periodic.Status!.LastCheckpoint!.Step);
        var digests = world.ResultDigests("vanish", done.Status.Attempts!.Count);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }
}
