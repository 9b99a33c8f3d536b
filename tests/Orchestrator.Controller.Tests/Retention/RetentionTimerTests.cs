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

        // The sweep reads the controller's cache, which learns of Succeeded one watch event after the API server: a
        // sweep that fires before that skips the run until the next period (harmless in a cluster, a timeout here).
        await world.WaitUntilAsync(() => Task.FromResult(world.CachedPhase("finished") == RunPhase.Succeeded), "the controller's cache to see Succeeded");

        // Then one jump to the sweep trigger's own due time (one interval after the controller scheduled it), and the
        // clock stands still: WaitUntilAsync wakes the timers, so a wait begun just after the jump cannot hide it.
        DateTimeOffset? sweepDue = null;
        await world.WaitUntilAsync(async () => (sweepDue = await world.NextSweepAsync()) is not null, "the sweep's timer");
        Assert.True(sweepDue > world.Time.GetUtcNow(), "no sweep before the jump");
        world.Time.Advance(sweepDue!.Value - world.Time.GetUtcNow());
        await world.WaitUntilAsync(async () => (await folder.CommittedStepsAsync("default", "finished")).Count == 2 && !folder.HasFilesOf("default", "finished", 10), "the sweep");

        Assert.Equal([40L, 30L], await folder.CommittedStepsAsync("default", "finished"));
        Assert.True(folder.HasFilesOf("default", "finished", 40));
    }
}
