using k8s;
using k8s.Autorest;
using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>User story: a run deleted while its just-in-time checkpoint is being saved keeps that checkpoint and goes away cleanly.</summary>
public sealed class DeleteWhileCheckpointingTests
{
    [Fact]
    public async Task Delete_during_the_notice_window_lets_the_save_commit_then_removes_jobs_and_the_run()
    {
        await using var world = await ControllerWorld.StartAsync();
        // Slow steps: the trainer answers a save request only between steps, so the save is still pending when the delete comes.
        await world.CreateAsync(world.Quickstart("doomed", steps: 1000, stepSeconds: 1.5, spec => spec.Checkpoint.Interval = "10h"));
        var pod = await world.WaitForTrainerStepAsync("doomed", 1, step: 1, TimeSpan.FromMinutes(2));

        var preemption = world.Cluster.PreemptAsync(pod.Spec.NodeName, withNotice: true);
        await world.WaitForAsync("doomed", r => r.Status?.Phase == RunPhase.Checkpointing, TimeSpan.FromMinutes(1), "the just-in-time checkpoint request");
        await world.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "doomed");

        await world.WaitUntilAsync(async () =>
        {
            try
            {
                await world.GetAsync("doomed");
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, TimeSpan.FromMinutes(1), "the run to disappear");
        await preemption;

        Assert.Empty(await world.JobsAsync("doomed"));
        var manifests = Path.Combine(world.CheckpointRoot, "default", "doomed", "manifests");
        Assert.True(Directory.Exists(manifests), "no checkpoint was committed");
        Assert.Contains(Directory.GetFiles(manifests, "*.json"), f => File.ReadAllText(f).Contains("\"a1-notice\"", StringComparison.Ordinal));
    }
}
