using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: the application fails; it is retried from the newest checkpoint, and the run fails after maxAppFailures.</summary>
public sealed class AppFailureTests
{
    private const int Steps = 80;

    [Fact]
    public async Task A_failure_on_the_first_attempt_is_retried_from_the_checkpoint()
    {
        await using var world = await ControllerWorld.StartAsync();
        var reference = await world.ReferenceDigestAsync(Steps);
        await world.CreateAsync(world.Quickstart("flaky", Steps, stepSeconds: 0.05, spec =>
        {
            spec.Checkpoint.Interval = "30s";
            // Attempt 1 trains (and checkpoints every 30 s) until step 50, then crashes; later attempts train normally.
            var trainer = spec.Template.Spec.Containers[0];
            trainer.Command = ["sh", "-c", "if [ \"$ORCH_ATTEMPT\" = 1 ]; then python3 \"$@\" --steps 50 --step-seconds 0.1 && exit 3; fi; exec python3 \"$@\" --steps " + Steps + " --step-seconds 0.05", "trainer", "/workspace/samples/trainer/train.py"];
            trainer.Args = ["--result", "/checkpoints/result.txt"];
        }));

        var done = await world.WaitForAsync("flaky", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([AttemptEndReason.AppFailure, AttemptEndReason.Succeeded], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Equal(1, done.Status.AppFailures);
        Assert.Equal(0, done.Status.Preemptions);
        Assert.True(done.Status.Attempts![1].RestoredStep > 0, "attempt 2 started from scratch instead of the checkpoint");
        var digests = world.ResultDigests("flaky", 2);
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Equal(reference, d));
    }

    [Fact]
    public async Task A_run_that_keeps_failing_fails_after_max_app_failures()
    {
        await using var world = await ControllerWorld.StartAsync();
        await world.CreateAsync(world.Quickstart("broken", 10, stepSeconds: 0, spec =>
        {
            spec.MaxAppFailures = 1;
            var trainer = spec.Template.Spec.Containers[0];
            trainer.Command = ["python3", "-c", "import sys; print('bad config', flush=True); sys.exit(2)"];
            trainer.Args = [];
        }));

        var done = await world.WaitForAsync("broken", r => r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed, TimeSpan.FromMinutes(2), "completion");

        Assert.Equal(RunPhase.Failed, done.Status!.Phase);
        Assert.Equal([AttemptEndReason.AppFailure, AttemptEndReason.AppFailure], done.Status.Attempts!.Select(a => a.EndReason));
        Assert.Equal(2, done.Status.AppFailures);
        Assert.Contains(done.Status.Conditions!, c => c.Type == ConditionTypes.Failed && c.Status == "True" && c.Reason == ConditionReasons.TooManyAppFailures);
        Assert.DoesNotContain(await world.JobsAsync("broken"), j => j.Metadata.Labels[Labels.Attempt] == "3");
    }
}
