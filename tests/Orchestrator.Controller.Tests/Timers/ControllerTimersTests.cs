using k8s;
using k8s.Autorest;
using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.Timers;

/// <summary>
/// The controller's Quartz timers against the sandbox on a fake clock: a running attempt's periodic save is requested
/// exactly when Core says it is due, a restarted controller rebuilds the same schedule from the runs, and a deleted
/// run leaves no trigger behind.
/// </summary>
public sealed class ControllerTimersTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_periodic_save_is_requested_at_the_due_time_from_the_runs_trigger()
    {
        await using var world = await FakeClockWorld.StartAsync();
        await world.CreateAsync(FakeClockWorld.Run("saver", "2m"));
        var started = await RunningSinceAsync(world, "saver");
        var due = started + TimeSpan.FromMinutes(2);
        await world.WaitUntilAsync(async () => await world.NextDueAsync("saver") == due, "the periodic-save trigger at start + 2m");

        // Nothing else changes in this world before the watches' 5-minute timeouts, so only the trigger can bring
        // the run back to the controller.
        world.Time.Advance(due - world.Time.GetUtcNow());
        await world.WaitUntilAsync(async () => (await world.GetAsync("saver")).Status?.PendingSave is not null, "a periodic save request");

        var run = await world.GetAsync("saver");
        Assert.Equal("periodic", run.Status!.PendingSave!.Reason);
        Assert.Equal(due, run.Status.PendingSave.RequestedTime);
        // The controller records the request in the status before it annotates the pod (a crash in between re-sends
        // it), so the pod can show the request a moment after the status does: wait for it rather than read it once.
        await world.WaitUntilAsync(
            async () => Assert.Single(await world.PodsAsync("saver")).Metadata.Annotations?.TryGetValue(Annotations.SaveRequest, out var request) == true
                && request.Contains(run.Status.PendingSave.Id, StringComparison.Ordinal),
            "the save request on the pod");

        // The next look is the save's timeout (5m by default), replacing the fired trigger.
        await world.WaitUntilAsync(async () => await world.NextDueAsync("saver") == due + TimeSpan.FromMinutes(5), "the save-timeout trigger");
    }

    [Fact]
    public async Task A_restarted_controller_rebuilds_the_schedule_from_the_runs()
    {
        await using var world = await FakeClockWorld.StartAsync();
        await world.CreateAsync(FakeClockWorld.Run("durable", "4m"));
        var due = await RunningSinceAsync(world, "durable") + TimeSpan.FromMinutes(4);
        await world.WaitUntilAsync(async () => await world.NextDueAsync("durable") == due, "the first controller's trigger");

        await world.StopControllerAsync();
        world.Time.Advance(TimeSpan.FromMinutes(2));
        world.StartController();

        await world.WaitUntilAsync(async () => await world.NextDueAsync("durable") == due, "the same trigger in the restarted controller");
        world.Time.Advance(due - world.Time.GetUtcNow());
        await world.WaitUntilAsync(async () => (await world.GetAsync("durable")).Status?.PendingSave?.RequestedTime == due, "the save requested at the original due time");
    }

    [Fact]
    public async Task A_deleted_runs_trigger_is_removed()
    {
        await using var world = await FakeClockWorld.StartAsync();
        await world.CreateAsync(FakeClockWorld.Run("doomed", "10m"));
        await RunningSinceAsync(world, "doomed");
        await world.WaitUntilAsync(async () => await world.NextDueAsync("doomed") is not null, "the run's trigger");

        await world.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "doomed");

        // Pods stop on the fake clock (grace period), so let it move while the finalizer does its work.
        await world.WaitUntilAsync(() => GoneAsync(world, "doomed"), "the run gone", advance: Tick);
        await world.WaitUntilAsync(async () => await world.NextDueAsync("doomed") is null, "the trigger removed");
    }

    private static async Task<bool> GoneAsync(FakeClockWorld world, string name)
    {
        try
        {
            await world.GetAsync(name);
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    /// <summary>Moves the clock a second at a time until the run's attempt runs; returns when it started.</summary>
    private static async Task<DateTimeOffset> RunningSinceAsync(FakeClockWorld world, string name)
    {
        DateTimeOffset? started = null;
        await world.WaitUntilAsync(
            async () =>
            {
                var run = await world.GetAsync(name);
                started = run.Status?.Phase == RunPhase.Running ? run.Status.Attempts?.LastOrDefault()?.StartTime : null;
                return started is not null;
            },
            $"run {name} running",
            advance: Tick);
        return started!.Value;
    }
}
