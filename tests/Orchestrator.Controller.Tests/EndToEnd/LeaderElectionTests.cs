using Orchestrator.Api;
using Orchestrator.Kubernetes.Leader;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: two controller replicas; only the leader acts, and when it dies the other takes over within the lease duration.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Only_the_leader_reconciles_and_the_standby_takes_over_after_the_leader_dies()
    {
        // A slower clock than the other stories: the takeover is measured in sandbox time against the lease.
        await using var world = await ControllerWorld.StartAsync(timeScale: 3, startController: false);
        var options = new LeaderElectionOptions
        {
            Namespace = "default",
            LeaseName = "orchestrator-controller",
            Identity = "unused",
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(2),
        };
        await using var a = new ElectedControllerReplica(world.Client, world.Runtime, "replica-a", options);
        await using var b = new ElectedControllerReplica(world.Client, world.Runtime, "replica-b", options);
        await world.WaitUntilAsync(() => Task.FromResult(a.Elector.IsLeader || b.Elector.IsLeader), TimeSpan.FromMinutes(1), "a leader");
        var (leader, standby) = a.Elector.IsLeader ? (a, b) : (b, a);

        await world.CreateAsync(world.Quickstart("ha", steps: 100, stepSeconds: 0.05));
        await world.WaitForTrainerStepAsync("ha", 1, step: 5, TimeSpan.FromMinutes(1));
        Assert.False(standby.Elector.IsLeader);
        Assert.Equal(0, standby.Terms);
        Assert.Equal(1, leader.Terms);

        await leader.KillAsync();
        var killedAt = world.Cluster.Time.GetUtcNow();
        await world.WaitUntilAsync(() => Task.FromResult(standby.Elector.IsLeader), TimeSpan.FromMinutes(1), "the standby to take over");
        var takeover = world.Cluster.Time.GetUtcNow() - killedAt;

        Assert.True(takeover <= options.LeaseDuration + (3 * options.RetryPeriod), $"the standby took over {takeover.TotalSeconds:0.0} s (sandbox time) after the leader died; the lease lasts {options.LeaseDuration.TotalSeconds} s");
        var done = await world.WaitForAsync("ha", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion under the new leader");
        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Single(done.Status.Attempts!);
        Assert.Equal(1, standby.Terms);
    }
}
