using k8s.Models;
using Orchestrator.Sandbox.Workloads.Jobs;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class JobPiecesTests
{
    [Theory]
    [InlineData("empty", new int[0], null)]
    [InlineData("one", new[] { 3 }, "3")]
    [InlineData("a run and a single", new[] { 0, 1, 2, 5 }, "0-2,5")]
    [InlineData("unordered input", new[] { 7, 1, 0, 6 }, "0-1,6-7")]
    public void Completed_indexes_use_the_interval_format_and_round_trip(string because, int[] indexes, string? text)
    {
        Assert.True(text == CompletedIndexes.Format(indexes), because);
        Assert.Equal(indexes.Order(), CompletedIndexes.Parse(text));
    }

    [Theory]
    [InlineData("exit code in the FailJob set", 42, false, "FailJob")]
    [InlineData("exit code outside every set", 1, false, "Count")]
    [InlineData("disruption is ignored", 143, true, "Ignore")]
    public void Pod_failure_policy_rules_apply_in_order(string because, int exitCode, bool disrupted, string expected)
    {
        var policy = new V1PodFailurePolicy
        {
            Rules =
            [
                new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] },
                new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } },
            ],
        };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" },
            Status = new V1PodStatus
            {
                Phase = "Failed",
                Conditions = disrupted ? [new V1PodCondition { Type = "DisruptionTarget", Status = "True" }] : [],
                ContainerStatuses = [new V1ContainerStatus { Name = "c", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode } } }],
            },
        };

        Assert.True(expected == PodFailurePolicyEvaluator.Evaluate(policy, pod).Action.ToString(), because);
    }

    [Theory]
    [InlineData("defaults", new string[0], 0.0, 0, false)]
    [InlineData("args", new[] { "duration=90", "exit=3" }, 90.0, 3, false)]
    [InlineData("flag style and ignore SIGTERM", new[] { "--duration=1.5s", "--sigterm=ignore" }, 1.5, 0, true)]
    public void Simulated_behaviour_is_read_from_args(string because, string[] args, double seconds, int exitCode, bool ignoreSigterm)
    {
        var behaviour = SimulatedBehaviour.Parse(new V1Pod { Metadata = new V1ObjectMeta() }, args);

        Assert.True(new SimulatedBehaviour(TimeSpan.FromSeconds(seconds), exitCode, ignoreSigterm) == behaviour, because);
    }

    [Fact]
    public void Simulated_behaviour_from_annotations_can_run_until_stopped()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [SimulatedBehaviour.DurationAnnotation] = "inf" } } };

        Assert.Null(SimulatedBehaviour.Parse(pod, []).Duration);
    }
}
