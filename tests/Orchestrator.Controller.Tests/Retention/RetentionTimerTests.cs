using Orchestrator.Api;
using Orchestrator.Controller.Tests.Timers;

namespace Orchestrator.Controller.Tests.Retention;

/// <summary>The retention sweep as the controller runs it: a periodic Quartz job on the controller's clock.</summary>
public sealed class RetentionTimerTests
{
    [Fact]
    public async Task A_finished_runs_old_checkpoints_are_pruned_at_the_next_sweep()
    {
        using var folder = new CheckpointFolder();
        await using var world = await FakeClockWorld.StartAsync(retentionSweep: TimeSpan.FromHours(1));
        await folder.CommitAsync("default", "finished", 10, 20, 30, 40);
        await world.CreateAsync(FakeClockWorld.Run("finished", "10m", folder.Uri, seconds: 30, keep: 2));

        await world.WaitUntilAsync(async () => (await world.GetAsync("finished")).Status?.Phase == RunPhase.Succeeded, "the run succeeding", advance: TimeSpan.FromSeconds(1));
        Assert.Equal([40L, 30L, 20L, 10L], await folder.CommittedStepsAsync("default", "finished"));

        // One jump past the sweep's due time, then the clock stands still (WaitUntilAsync wakes the timers so a wait
        // begun just after the jump cannot hide the trigger). Moving the clock on while waiting instead failed 2 of 3
        // loaded runs: the scheduler falls behind a fake clock that races ahead, which is not what this test is about.
        world.Time.Advance(TimeSpan.FromHours(1));
        await world.WaitUntilAsync(async () => (await folder.CommittedStepsAsync("default", "finished")).Count == 2 && !folder.HasFilesOf("default", "finished", 10), "the sweep");

        Assert.Equal([40L, 30L], await folder.CommittedStepsAsync("default", "finished"));
        Assert.True(folder.HasFilesOf("default", "finished", 40));
    }
}
