using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: the quickstart runs to success with no interruption.</summary>
public sealed class QuickstartTests
{
    [Fact]
    public async Task Quickstart_runs_to_success_on_spot()
    {
        await using var world = await ControllerWorld.StartAsync();
        await world.CreateAsync(world.Quickstart("quick", steps: 40, stepSeconds: 0.02, workers: 2));

        var done = await world.WaitForAsync("quick", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(3), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        var attempt = Assert.Single(done.Status.Attempts!);
        Assert.Equal(CapacityType.Spot, attempt.Capacity);
        Assert.Equal(AttemptEndReason.Succeeded, attempt.EndReason);
        Assert.Equal(0, done.Status.Preemptions);
        Assert.True(done.Status.GpuSeconds!.Spot > 0);
        Assert.Equal(0, done.Status.GpuSeconds.OnDemand);
    }
}
