using Orchestrator.Api;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: spot capacity follows a trace that runs dry; the Deadline policy moves the run to on-demand in time.</summary>
public sealed class DeadlineOnTracedSpotTests
{
    private const int Steps = 100;

    [Fact]
    public async Task Deadline_policy_finishes_on_on_demand_before_the_deadline_when_spot_runs_dry()
    {
        // Spot for the first five sandbox minutes (ten real seconds), then none for good; nodes vanish without notice.
        var trace = new SpotTrace(TimeSpan.FromMinutes(5), [1, 0]);
        await using var world = await ControllerWorld.StartAsync(sandbox: options => options with
        {
            Pools = [.. SandboxDefaults.Pools(CloudProvider.Aws).Select(p => p.Name == SandboxDefaults.SpotPool ? p with { Trace = trace, TracePreemptionWithNotice = false } : p)],
        });
        var deadline = world.Cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(25);
        await world.CreateAsync(world.Quickstart("due", Steps, stepSeconds: 0.1, spec =>
        {
            spec.Checkpoint.Interval = "30s";
            // 100 steps of 0.1 s real are 300 s of sandbox compute.
            spec.Capacity!.Fallback = new FallbackSpec
            {
                Policies = [FallbackPolicy.Deadline],
                Deadline = deadline,
                ExpectedDuration = "6m",
                // The policy gives a queued spot attempt one changeover to start before it counts spot as not running.
                // Three sandbox minutes are six real seconds at x30: the attempt's processes (restore, agent, trainer)
                // start within that on a loaded 2-core machine, where one minute (two real seconds) did not.
                ChangeoverDelay = "3m",
                ReturnToSpot = false,
            };
        }));

        var done = await world.WaitForAsync("due", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.True(done.Status.CompletionTime <= deadline, $"finished at {done.Status.CompletionTime:HH:mm:ss}, deadline {deadline:HH:mm:ss}");
        Assert.Equal(CapacityType.Spot, done.Status.Attempts![0].Capacity);
        Assert.Equal(CapacityType.OnDemand, done.Status.Attempts[^1].Capacity);
        Assert.Contains(done.Status.Conditions!, c => c.Type == ConditionTypes.FellBack && c.Status == "True");
        Assert.True(done.Status.GpuSeconds!.Spot > 0 && done.Status.GpuSeconds.OnDemand > 0, k8s.KubernetesJson.Serialize(done.Status));
    }
}
