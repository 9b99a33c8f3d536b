using Orchestrator.Api;
using Orchestrator.Sandbox;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: under AfterPreemptions(2), the attempt after the second preemption runs on on-demand and finishes.</summary>
public sealed class FallbackToOnDemandTests
{
    [Fact]
    public async Task Third_attempt_after_two_preemptions_runs_pinned_to_on_demand()
    {
        await using var world = await ControllerWorld.StartAsync();
        await world.CreateAsync(world.Quickstart("fallback", steps: 80, stepSeconds: 0.05, spec => spec.Checkpoint.Interval = "30s"));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var pod = await world.WaitForTrainerStepAsync("fallback", attempt, step: 5, TimeSpan.FromMinutes(2));
            Assert.Contains(pod.Spec.NodeName, world.Cluster.NodesOf(SandboxDefaults.SpotPool));
            await world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: false);
            var next = attempt + 1;
            await world.WaitForAsync("fallback", r => r.Status?.Attempts?.Count >= next, TimeSpan.FromMinutes(1), $"attempt {next}");
        }

        var third = await world.WaitForTrainerStepAsync("fallback", 3, step: 1, TimeSpan.FromMinutes(2));
        var done = await world.WaitForAsync("fallback", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(
            [CapacityType.Spot, CapacityType.Spot, CapacityType.OnDemand],
            done.Status.Attempts!.Select(a => a.Capacity));
        Assert.Equal("on-demand", done.Status.Attempts![2].Queue);
        Assert.Equal(2, done.Status.Preemptions);
        Assert.Equal(0, done.Status.AppFailures);
        Assert.True(done.Status.GpuSeconds!.OnDemand > 0);
        Assert.Contains(third.Spec.NodeName, world.Cluster.NodesOf(SandboxDefaults.OnDemandPool));
        var job = (await world.JobsAsync("fallback")).Single(j => j.Metadata.Labels[Labels.Attempt] == "3");
        Assert.Equal("on-demand", job.Spec.Template.Spec.NodeSelector["karpenter.sh/capacity-type"]);
    }
}
