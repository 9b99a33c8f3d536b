using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: the controller is killed at random points during a preempted run and restarted each time.</summary>
public sealed class ControllerKillTests
{
    // Long enough (about 20 s of training) that the preemption at the tenth kill always lands mid-run, however
    // fast the machine: on an idle one a 7 s run could finish before it.
    private const int Steps = 200;
    private const int Kills = 20;

    [Fact]
    public async Task Killing_the_controller_20_times_during_a_preempted_run_loses_nothing()
    {
        await using var world = await ControllerWorld.StartAsync();
        var reference = await world.ReferenceDigestAsync(Steps);
        var jobs = new ConcurrentDictionary<string, byte>();
        using var watching = new CancellationTokenSource();
        var watcher = RecordJobsAsync(world, "killed", jobs, watching.Token);
        await world.CreateAsync(world.Quickstart("killed", Steps, stepSeconds: 0.1, spec => spec.Checkpoint.Interval = "30s"));

        var random = new Random(20261126);
        var committedBeforePreemption = -1L;
        for (var kill = 1; kill <= Kills; kill++)
        {
            // A random point in the run: from right after a restart to well into the next reconcile cycles.
            // (A fault driver's pause, not a wait for a condition.)
            using var pause = new PeriodicTimer(TimeSpan.FromMilliseconds(random.Next(50, 600)));
            await pause.WaitForNextTickAsync();
            if (kill == Kills / 2)
            {
                // The preemption lands while no controller runs; the restarted one must notice it from the cluster alone.
                await world.WaitForAsync("killed", r => r.Status?.LastCheckpoint?.Step >= 10, TimeSpan.FromMinutes(2), "a periodic checkpoint");
                var pod = (await world.PodsOfAttemptAsync("killed", 1)).First(p => p.Spec?.NodeName is not null && p.Status?.Phase == "Running");
                await world.StopControllerAsync();
                committedBeforePreemption = (await world.GetAsync("killed")).Status!.LastCheckpoint!.Step;
                await world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: false);
            }
            else
            {
                await world.StopControllerAsync();
            }

            world.StartController();
        }

        var done = await world.WaitForAsync("killed", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");
        await watching.CancelAsync();
        await watcher;

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([AttemptEndReason.Preempted, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Equal(["killed-1", "killed-2"], jobs.Keys.Select(k => k.Split('/')[0]).Order(StringComparer.Ordinal));
        Assert.True(done.Status.Attempts![1].RestoredStep >= committedBeforePreemption, $"attempt 2 restored step {done.Status.Attempts![1].RestoredStep}; step {committedBeforePreemption} was committed before the preemption");
        var digests = world.ResultDigests("killed", 2);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }

    /// <summary>Every Job object ever created for the run, as name/uid: a Job deleted and created again shows twice.</summary>
    private static async Task RecordJobsAsync(ControllerWorld world, string run, ConcurrentDictionary<string, byte> seen, CancellationToken ct)
    {
        try
        {
            var events = world.Client.BatchV1.WatchListNamespacedJobAsync("default", labelSelector: $"{Labels.Run}={run}", cancellationToken: ct);
            await foreach (var (type, job) in events)
            {
                if (type == WatchEventType.Added)
                {
                    seen.TryAdd($"{job.Metadata.Name}/{job.Metadata.Uid}", 0);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
