using k8s;
using k8s.Models;
using Orchestrator.Api;
using Xunit.Abstractions;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User stories with real torch.distributed DDP: a worker's application error restarts the whole gang from the
/// checkpoint and counts as an application failure; workers that cannot rendezvous fail the run instead of hanging.
/// </summary>
public sealed class PyTorchDdpFailureTests(ITestOutputHelper output)
{
    private const int Steps = 20;

    [Fact]
    public async Task One_worker_crashing_restarts_the_gang_from_the_checkpoint_as_an_app_failure_not_a_preemption()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var reference = await PyTorchDdp.ReferenceDigestAsync(world, Steps, processes: 2);
        // Rank 1 exits 1 after step 7 in attempt 1; the newest checkpoint then is the periodic one of step 6.
        await world.CreateAsync(PyTorchDdp.Run(world, "ddp-crash", Steps, stepSeconds: 0.1, extraArgs: ["--save-every", "3", "--crash-at-step", "7", "--crash-rank", "1"]));

        var done = await PyTorchDdp.WaitForEndAsync(world, "ddp-crash", TimeSpan.FromMinutes(5));

        Assert.True(done.Status!.Phase == RunPhase.Succeeded, PyTorchDdp.Logs(world, "ddp-crash"));
        Assert.Equal([AttemptEndReason.AppFailure, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Equal((1, 0), (done.Status.AppFailures, done.Status.Preemptions));
        var restored = world.RestoredSteps("ddp-crash", 2);
        Assert.Equal([6L, 6L], restored);
        var digests = world.ResultDigests("ddp-crash", 2);
        output.WriteLine($"crash: attempt 2 restored step {restored[0]}; uninterrupted {reference}, restarted {string.Join(", ", digests)}");
        Assert.Equal(2, digests.Count);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }

    [Fact]
    public async Task Workers_that_cannot_rendezvous_fail_the_run_with_a_clear_condition_and_event_instead_of_hanging()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var run = PyTorchDdp.Run(world, "ddp-lost", Steps, stepSeconds: 0.1);
        run.Spec.MaxAppFailures = 0;
        var trainer = run.Spec.Template.Spec.Containers[0];
        // A wrong override: each worker's own index in the port, so worker 1 dials 29501 where nobody listens.
        trainer.Env =
        [
            new V1EnvVar { Name = "INDEX", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
            new V1EnvVar { Name = "MASTER_PORT", Value = "2950$(INDEX)" },
            new V1EnvVar { Name = "TRAINER_RENDEZVOUS_TIMEOUT_SECONDS", Value = "15" },
        ];
        await world.CreateAsync(run);

        var done = await PyTorchDdp.WaitForEndAsync(world, "ddp-lost", TimeSpan.FromMinutes(4));

        Assert.True(done.Status!.Phase == RunPhase.Failed, PyTorchDdp.Logs(world, "ddp-lost"));
        var failed = Assert.Single(done.Status.Conditions!, c => c.Type == ConditionTypes.Failed);
        Assert.Equal(("True", ConditionReasons.TooManyAppFailures), (failed.Status, failed.Reason));
        Assert.Equal(AttemptEndReason.AppFailure, Assert.Single(done.Status.Attempts!).EndReason);
        Assert.Contains(done.Status.Attempts![0].Evidence!, e => e.Contains("exit 3", StringComparison.Ordinal));
        var events = await world.Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=ddp-lost");
        var appFailure = Assert.Single(events.Items, e => e.Reason == ConditionReasons.AppFailure);
        Assert.Equal("Warning", appFailure.Type);
        Assert.Contains(PyTorchDdp.Logs(world, "ddp-lost").Split('\n'), l => l.Contains("rendezvous failed", StringComparison.Ordinal) && l.Contains(":29501", StringComparison.Ordinal));
        output.WriteLine($"condition: {failed.Message}\nevent: {appFailure.Message}");
    }
}
