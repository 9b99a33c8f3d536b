using k8s;
using Orchestrator.Api;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User story: no spot node exists. Kueue admits the spot attempt on quota alone, as real Kueue does, and its worker
/// sits Pending, Unschedulable. The run says so, and AfterSpotWait moves it to on-demand, where it finishes.
/// </summary>
public sealed class UnschedulableSpotTests
{
    [Fact]
    public async Task An_admitted_spot_attempt_no_node_fits_is_reported_and_AfterSpotWait_finishes_the_run_on_on_demand()
    {
        await using var world = await ControllerWorld.StartAsync(sandbox: options => options with
        {
            Pools = [.. SandboxDefaults.Pools(CloudProvider.Aws).Select(p => p.Name == SandboxDefaults.SpotPool ? p with { Size = 0 } : p)],
        });
        await world.CreateAsync(world.Quickstart("nospot", steps: 20, stepSeconds: 0.02, spec =>
            spec.Capacity!.Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterSpotWait], SpotWait = "3m" }));

        var done = await world.WaitForAsync("nospot", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([CapacityType.Spot, CapacityType.OnDemand], done.Status.Attempts!.Select(a => a.Capacity));
        Assert.Null(done.Status.Attempts![0].StartTime);
        Assert.Equal(0, done.Status.Preemptions);
        Assert.Equal(0, done.Status.GpuSeconds!.Spot);
        var events = (await world.Client.CoreV1.ListNamespacedEventAsync("default")).Items.Where(e => e.InvolvedObject.Name == "nospot").ToList();
        var unschedulable = Assert.Single(events, e => e.Reason == ConditionReasons.Unschedulable);
        Assert.Equal("Warning", unschedulable.Type);
        Assert.Contains("unschedulable on spot", unschedulable.Message, StringComparison.Ordinal);
        Assert.Contains("nodes are available", unschedulable.Message, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Reason == ConditionReasons.FallbackToOnDemand && e.Message.Contains("has not started for", StringComparison.Ordinal));
    }
}
