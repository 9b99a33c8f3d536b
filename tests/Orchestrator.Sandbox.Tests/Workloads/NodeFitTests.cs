using k8s.Models;
using Orchestrator.Sandbox.Workloads.Scheduling;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class NodeFitTests
{
    private static readonly V1Taint SpotNotice = new() { Key = "aws-node-termination-handler/spot-itn", Value = "evt-1", Effect = "NoSchedule" };

    [Theory]
    [InlineData("same key, Exists", "aws-node-termination-handler/spot-itn", "Exists", null, null, true)]
    [InlineData("same key and value, Equal", "aws-node-termination-handler/spot-itn", "Equal", "evt-1", null, true)]
    [InlineData("same key, other value", "aws-node-termination-handler/spot-itn", "Equal", "evt-2", null, false)]
    [InlineData("operator defaults to Equal", "aws-node-termination-handler/spot-itn", null, "evt-1", null, true)]
    [InlineData("other effect", "aws-node-termination-handler/spot-itn", "Exists", null, "NoExecute", false)]
    [InlineData("empty key with Exists tolerates all", null, "Exists", null, null, true)]
    [InlineData("other key", "karpenter.sh/disrupted", "Exists", null, null, false)]
    public void Toleration_matching_follows_kubernetes(string because, string? key, string? op, string? value, string? effect, bool tolerated) =>
        Assert.True(tolerated == NodeFit.Tolerates(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect }, SpotNotice), because);

    [Theory]
    [InlineData("fits", "2", "4", null)]
    [InlineData("too many GPUs", "3", "4", "Insufficient nvidia.com/gpu")]
    [InlineData("too much cpu", "1", "9", "Insufficient cpu")]
    public void Requests_are_checked_against_allocatable_minus_used(string because, string gpus, string cpu, string? expected)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n" },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("16"), ["nvidia.com/gpu"] = new("4") } },
        };
        var used = new Dictionary<string, decimal> { ["cpu"] = 8, ["nvidia.com/gpu"] = 2 };
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Resources = new V1ResourceRequirements
                        {
                            Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(gpus) },
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) },
                        },
                    },
                ],
            },
        };

        Assert.True(expected == NodeFit.Check(pod, node, used), because);
    }
}
