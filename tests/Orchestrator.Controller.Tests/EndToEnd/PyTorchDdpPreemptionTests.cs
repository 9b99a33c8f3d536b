using Orchestrator.Api;
using Xunit.Abstractions;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User stories with real torch.distributed DDP over gloo, two workers that rendezvous through the run's headless
/// Service: a preemption notice, a node that vanishes, and the same through torchrun with two processes per worker.
/// Each ends bit-identical to an uninterrupted run.
/// </summary>
public sealed class PyTorchDdpPreemptionTests(ITestOutputHelper output)
{
    private const int Steps = 30;

    [Fact]
    public async Task Notice_then_just_in_time_checkpoint_then_resume_ends_bit_identical_losing_at_most_one_step()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var reference = await PyTorchDdp.ReferenceDigestAsync(world, Steps, processes: 2);
        await world.CreateAsync(PyTorchDdp.Run(world, "ddp-notice", Steps, stepSeconds: 0.2));

        await PyTorchDdp.WaitForStepAsync(world, "ddp-notice", attempt: 1, step: 8, TimeSpan.FromMinutes(3));
        var pod = (await world.PodsOfAttemptAsync("ddp-notice", 1)).First(p => p.Spec?.NodeName is not null);
        var preemption = world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: true);
        var atNotice = PyTorchDdp.LastStep(world, "ddp-notice", 1);
        var done = await PyTorchDdp.WaitForEndAsync(world, "ddp-notice", TimeSpan.FromMinutes(5));
        await preemption;

        Assert.True(done.Status!.Phase == RunPhase.Succeeded, PyTorchDdp.Logs(world, "ddp-notice"));
        Assert.Equal([AttemptEndReason.Preempted, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Contains(done.Status.Attempts![0].Evidence!, e => e.Contains("just-in-time save committed", StringComparison.Ordinal));
        var reached = PyTorchDdp.LastStep(world, "ddp-notice", 1);
        var restored = world.RestoredSteps("ddp-notice", 2);
        Assert.Equal(2, restored.Count);
        Assert.Single(restored.Distinct());
        // Lost work is measured from the notice: the workers train on while the just-in-time checkpoint commits and
        // the attempt is stopped, and those later steps (up to `reached`) are redone unless their SIGTERM save
        // committed before the next attempt's restore listed the store.
        var lost = atNotice - restored[0];
        output.WriteLine($"notice: at the notice step {atNotice}, attempt 1 reached step {reached}, attempt 2 restored step {restored[0]}: lost {Math.Max(lost, 0)} step(s) of the work done before the notice");
        Assert.True(lost <= 1, $"lost {lost} steps (notice at step {atNotice}, restored {restored[0]})");
        AssertBitIdentical(world, "ddp-notice", reference);
    }

    [Fact]
    public async Task Node_vanishing_without_notice_resumes_from_the_last_periodic_checkpoint_bit_identical()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var reference = await PyTorchDdp.ReferenceDigestAsync(world, Steps, processes: 2);
        await world.CreateAsync(PyTorchDdp.Run(world, "ddp-vanish", Steps, stepSeconds: 0.2, extraArgs: ["--save-every", "5"]));

        var periodic = await world.WaitForAsync("ddp-vanish", r => r.Status?.LastCheckpoint?.Step >= 10, TimeSpan.FromMinutes(3), "a periodic checkpoint");
        var pod = (await world.PodsOfAttemptAsync("ddp-vanish", 1)).First(p => p.Spec?.NodeName is not null);
        await world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: false);
        var done = await PyTorchDdp.WaitForEndAsync(world, "ddp-vanish", TimeSpan.FromMinutes(5));

        Assert.True(done.Status!.Phase == RunPhase.Succeeded, PyTorchDdp.Logs(world, "ddp-vanish"));
        Assert.Equal(AttemptEndReason.Preempted, done.Status.Attempts![0].EndReason);
        Assert.Equal((1, 0), (done.Status.Preemptions, done.Status.AppFailures));
        var restored = world.RestoredSteps("ddp-vanish", 2);
        Assert.Equal(2, restored.Count);
        Assert.Single(restored.Distinct());
        Assert.True(restored[0] >= periodic.Status!.LastCheckpoint!.Step && restored[0] % 5 == 0, $"attempt 2 restored step {restored[0]}");
        output.WriteLine($"vanish: attempt 1 reached step {PyTorchDdp.LastStep(world, "ddp-vanish", 1)}, attempt 2 restored periodic step {restored[0]}");
        AssertBitIdentical(world, "ddp-vanish", reference);
    }

    [Fact]
    public async Task Two_workers_of_two_processes_through_torchrun_survive_a_notice_bit_identical()
    {
        await using var world = await ControllerWorld.StartAsync(timeScale: 10);
        var reference = await PyTorchDdp.ReferenceDigestAsync(world, Steps, processes: 4);
        await world.CreateAsync(PyTorchDdp.Run(world, "ddp-torchrun", Steps, stepSeconds: 0.2, processesPerWorker: 2));

        await PyTorchDdp.WaitForStepAsync(world, "ddp-torchrun", attempt: 1, step: 8, TimeSpan.FromMinutes(3));
        var pod = (await world.PodsOfAttemptAsync("ddp-torchrun", 1)).First(p => p.Spec?.NodeName is not null);
        var preemption = world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: true);
        var atNotice = PyTorchDdp.LastStep(world, "ddp-torchrun", 1);
        var done = await PyTorchDdp.WaitForEndAsync(world, "ddp-torchrun", TimeSpan.FromMinutes(5));
        await preemption;

        Assert.True(done.Status!.Phase == RunPhase.Succeeded, PyTorchDdp.Logs(world, "ddp-torchrun"));
        Assert.Equal([AttemptEndReason.Preempted, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        var reached = PyTorchDdp.LastStep(world, "ddp-torchrun", 1);
        var restored = world.RestoredSteps("ddp-torchrun", 2);
        Assert.Single(restored.Distinct());
        output.WriteLine($"torchrun 2x2: at the notice step {atNotice}, attempt 1 reached step {reached}, attempt 2 restored step {restored[0]}: lost {Math.Max(atNotice - restored[0], 0)} step(s)");
        Assert.True(atNotice - restored[0] <= 1, $"lost {atNotice - restored[0]} steps (notice at step {atNotice}, restored {restored[0]})");
        AssertBitIdentical(world, "ddp-torchrun", reference);
    }

    private void AssertBitIdentical(ControllerWorld world, string run, string reference)
    {
        var digests = world.ResultDigests(run, 2);
        output.WriteLine($"{run}: uninterrupted {reference}, interrupted {string.Join(", ", digests)}");
        Assert.Equal(2, digests.Count);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }
}
