using k8s;
using Orchestrator.Kubernetes.Leader;
using Orchestrator.Sandbox;
using Xunit.Abstractions;

namespace Orchestrator.Kubernetes.Tests.Sandbox;

/// <summary>
/// Two electors against one sandbox API server, on a fake clock that only moves when both are idle waiting on it,
/// so lease timing is exact however loaded the machine is.
/// </summary>
public sealed class LeaderElectionSandboxTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private readonly CountingFakeTimeProvider _time = new();
    private readonly SandboxApiServer _server = SandboxApiServer.CreateInMemory();
    private readonly List<Candidate> _candidates = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var candidate in _candidates)
        {
            await candidate.StopAsync();
            candidate.Dispose();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Only_one_of_two_leads_and_the_other_takes_over_within_the_lease_duration_when_it_dies()
    {
        var a = Start("a", releaseOnCancel: false);
        var b = Start("b", releaseOnCancel: false);

        await DriveUntilAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "someone leads");
        for (var i = 0; i < 60; i++)
        {
            await StepAsync();
        }

        var (leader, standby) = a.Elector.IsLeader ? (a, b) : (b, a);
        Assert.True(leader.IsWorking);
        Assert.False(standby.IsWorking);
        Assert.Equal(leader.Name, standby.Elector.Leader);

        var killedAt = _time.GetUtcNow();
        await leader.StopAsync();
        await DriveUntilAsync(() => standby.Elector.IsLeader, "the standby takes over");

        var takeover = _time.GetUtcNow() - killedAt;
        Assert.InRange(takeover, TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(15) + TimeSpan.FromSeconds(2.4) + Step);
        await DriveUntilAsync(() => standby.IsWorking, "the new leader's work starts");
        var lease = await standby.Client.CoordinationV1.ReadNamespacedLeaseAsync("orchestrator", "default");
        Assert.Equal(standby.Name, lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, lease.Spec.RenewTime!.Value, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_leader_that_stops_cleanly_releases_the_lease_so_the_successor_need_not_wait()
    {
        var a = Start("a", releaseOnCancel: true);
        await DriveUntilAsync(() => a.Elector.IsLeader, "a leads");
        var b = Start("b", releaseOnCancel: true);
        await StepAsync();

        var stoppedAt = _time.GetUtcNow();
        await a.StopAsync();
        await DriveUntilAsync(() => b.Elector.IsLeader, "b takes over");

        Assert.InRange(_time.GetUtcNow() - stoppedAt, TimeSpan.Zero, TimeSpan.FromSeconds(2.4) + Step);
    }

    [Fact]
    public async Task A_leader_that_cannot_renew_within_the_deadline_stops_leading_and_its_work_is_cancelled()
    {
        var a = Start("a", releaseOnCancel: true);
        await DriveUntilAsync(() => a.IsWorking, "a leads and works");

        _server.Faults.FailRate(1.0, 500, resource: "leases");
        var failingSince = _time.GetUtcNow();
        await DriveUntilAsync(() => a.Run.IsCompleted, "a gives up leading");

        Assert.False(a.Elector.IsLeader);
        Assert.False(a.IsWorking);
        Assert.True(a.WorkWasCancelled);
        Assert.InRange(_time.GetUtcNow() - failingSince, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10) + TimeSpan.FromSeconds(2) + Step);
    }

    private Candidate Start(string name, bool releaseOnCancel)
    {
        var client = _server.CreateClient();
        var options = new LeaderElectionOptions { Namespace = "default", LeaseName = "orchestrator", Identity = name, ReleaseOnCancel = releaseOnCancel };
        var candidate = new Candidate(name, client, new LeaderElector(client, options, _time, new TestOutputLogger(output, name), () => 0.5));
        _candidates.Add(candidate);
        return candidate;
    }

    private async Task DriveUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await StepAsync();
        }

        Assert.True(condition(), $"not within 200 s of fake time: {what}");
    }

    /// <summary>Waits until every running candidate is idle on the clock, then moves it one step.</summary>
    private async Task StepAsync()
    {
        var running = _candidates.Count(c => !c.Run.IsCompleted);
        await Poll.UntilAsync(() => _time.Waiting >= _candidates.Count(c => !c.Run.IsCompleted) && _candidates.Count(c => !c.Run.IsCompleted) <= running, because: "candidates idle");
        _time.Advance(Step);
        Assert.False(_candidates.Count(c => c.Elector.IsLeader) > 1, "two leaders at once");
    }

    private sealed class Candidate : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private volatile bool _working;
        private volatile bool _cancelled;

        public Candidate(string name, IKubernetes client, LeaderElector elector)
        {
            Name = name;
            Client = client;
            Elector = elector;
            Run = elector.RunAsync(WorkAsync, _stop.Token);
        }

        public string Name { get; }

        public IKubernetes Client { get; }

        public LeaderElector Elector { get; }

        public Task Run { get; }

        public bool IsWorking => _working;

        public bool WorkWasCancelled => _cancelled;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Run.WaitAsync(Poll.DefaultDeadline);
        }

        public void Dispose()
        {
            Client.Dispose();
            _stop.Dispose();
        }

        private async Task WorkAsync(CancellationToken leading)
        {
            _working = true;
            try
            {
                await Task.Delay(Timeout.Infinite, leading);
            }
            finally
            {
                _cancelled = leading.IsCancellationRequested;
                _working = false;
            }
        }
    }
}
