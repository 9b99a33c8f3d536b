using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: the API server misbehaves (5xx, 409 storms on status writes, dropped watches) and the run still converges.</summary>
public sealed class ApiFaultTests
{
    private const int Steps = 100;

    [Fact]
    public async Task A_preempted_run_converges_to_Succeeded_through_5xx_conflicts_and_dropped_watches()
    {
        await using var world = await ControllerWorld.StartAsync();
        var reference = await world.ReferenceDigestAsync(Steps);
        await world.CreateAsync(world.Quickstart("faulty", Steps, stepSeconds: 0.05, spec => spec.Checkpoint.Interval = "30s"));
        var faults = world.Cluster.Api.Faults;
        faults.FailRate(0.2, 503, resource: "trainingruns");
        faults.FailRate(0.4, 409, verb: "update", resource: "trainingruns");
        faults.FailRate(0.2, 500, verb: "create", resource: "jobs");
        faults.FailRate(0.2, 500, verb: "delete", resource: "jobs");
        // Not every list: the sandbox's own node fleet lists pods over the same API to carry out the preemption.
        faults.FailRate(0.2, 500, verb: "list", resource: "jobs");
        using var dropping = new CancellationTokenSource();
        var dropper = DropWatchesEverySecondAsync(world, dropping.Token);

        var pod = await world.WaitForTrainerStepAsync("faulty", 1, step: 30, TimeSpan.FromMinutes(2));
        await world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: false);
        var done = await world.WaitForAsync("faulty", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");
        await dropping.CancelAsync();
        await dropper;

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([AttemptEndReason.Preempted, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Equal(0, done.Status.AppFailures);
        var digests = world.ResultDigests("faulty", 2);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }

    [Fact]
    public async Task A_burst_of_5xx_on_status_writes_is_absorbed_by_the_API_retry_without_failing_a_reconcile()
    {
        await using var world = await ControllerWorld.StartAsync();
        world.Cluster.Api.Faults.FailNext(3, 503, verb: "update", resource: ApiGroup.Plural);
        await world.CreateAsync(world.Quickstart("bursty", steps: 20, stepSeconds: 0.02));

        var done = await world.WaitForAsync("bursty", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.True(world.Runtime.Metrics.ApiRetries.Value >= 3, $"API retries: {world.Runtime.Metrics.ApiRetries.Value}");
        var log = await File.ReadAllLinesAsync(Path.Combine(world.Scratch, "controller.log"));
        Assert.DoesNotContain(log, line => line.Contains("Reconcile of", StringComparison.Ordinal) && line.Contains("ServiceUnavailable", StringComparison.Ordinal));
    }

    private static async Task DropWatchesEverySecondAsync(ControllerWorld world, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                world.Cluster.Api.Faults.DropWatches();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
