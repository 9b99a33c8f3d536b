using k8s;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// User story: the run's template asks for more cpu than its limit, which the spec's own checks let through and the
/// API server refuses (422) when the controller creates the Job. The user sees the server's message in the run's
/// status and an Event, not a run Queued for no reason.
/// </summary>
public sealed class RefusedJobTests
{
    [Fact]
    public async Task A_Job_the_API_server_refuses_shows_its_message_in_the_Running_condition_and_a_Warning_Event()
    {
        await using var world = await ControllerWorld.StartAsync();
        await world.CreateAsync(world.Quickstart("refused", steps: 10, stepSeconds: 0.02, spec =>
        {
            var trainer = spec.Template.Spec.Containers[0];
            trainer.Resources ??= new V1ResourceRequirements();
            trainer.Resources.Requests = new Dictionary<string, ResourceQuantity>(trainer.Resources.Requests ?? new Dictionary<string, ResourceQuantity>()) { ["cpu"] = new("2") };
            trainer.Resources.Limits = new Dictionary<string, ResourceQuantity>(trainer.Resources.Limits ?? new Dictionary<string, ResourceQuantity>()) { ["cpu"] = new("1") };
        }));

        var refused = await world.WaitForAsync("refused", r => r.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Running && c.Reason == ConditionReasons.JobRejected) == true,
            TimeSpan.FromMinutes(1), "the refusal in the Running condition");

        var running = refused.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Running);
        Assert.Contains("(422)", running.Message, StringComparison.Ordinal);
        Assert.Contains("Job.batch \"refused-1\" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1", running.Message, StringComparison.Ordinal);
        Assert.Equal(RunPhase.Queued, refused.Status.Phase);
        Assert.Empty(await world.JobsAsync("refused"));
        await world.WaitUntilAsync(async () => (await world.Client.CoreV1.ListNamespacedEventAsync("default")).Items
            .Any(e => e.InvolvedObject.Name == "refused" && e.Type == "Warning" && e.Reason == ConditionReasons.JobRejected && e.Message.Contains("cpu limit of 1", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(1), "the Warning Event");
    }
}
