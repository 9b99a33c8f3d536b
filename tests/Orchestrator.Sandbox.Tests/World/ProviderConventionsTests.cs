using Orchestrator.Api;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class ProviderConventionsTests
{
    public static TheoryData<string, CloudProvider, CapacityType, string[]> Labels => new()
    {
        { "AWS spot", CloudProvider.Aws, CapacityType.Spot, ["karpenter.sh/capacity-type=spot", "karpenter.sh/nodepool=pool"] },
        { "AWS on-demand", CloudProvider.Aws, CapacityType.OnDemand, ["karpenter.sh/capacity-type=on-demand"] },
        { "GKE spot", CloudProvider.Gke, CapacityType.Spot, ["cloud.google.com/gke-spot=true", "cloud.google.com/gke-provisioning=spot", "cloud.google.com/gke-nodepool=pool"] },
        { "GKE on-demand", CloudProvider.Gke, CapacityType.OnDemand, ["cloud.google.com/gke-provisioning=standard"] },
        { "AKS spot", CloudProvider.Aks, CapacityType.Spot, ["kubernetes.azure.com/scalesetpriority=spot", "kubernetes.azure.com/agentpool=pool"] },
        { "AKS on-demand", CloudProvider.Aks, CapacityType.OnDemand, ["kubernetes.azure.com/scalesetpriority=regular"] },
    };

    [Theory]
    [MemberData(nameof(Labels))]
    public void Nodes_carry_their_provider_capacity_labels(string name, CloudProvider provider, CapacityType capacity, string[] expected)
    {
        _ = name;
        var node = NodeFactory.Build(provider, new NodePoolOptions { Name = "pool", CapacityType = capacity, GpusPerNode = 8 }, "pool-1", DateTimeOffset.UnixEpoch);

        var labels = node.Metadata.Labels.Select(kv => $"{kv.Key}={kv.Value}").ToHashSet();
        Assert.Superset(expected.ToHashSet(), labels);
        Assert.Equal("pool", node.Metadata.Labels[ProviderConventions.SandboxPoolLabel]);
        Assert.Equal(8m, node.Status.Allocatable["nvidia.com/gpu"].ToDecimal());
        Assert.Contains(node.Status.Conditions, c => c.Type == "Ready" && c.Status == "True");
    }

    [Theory]
    [InlineData(NodeLabelScheme.Karpenter, "karpenter.sh/capacity-type", "eks.amazonaws.com/capacityType")]
    [InlineData(NodeLabelScheme.EksManagedNodeGroup, "eks.amazonaws.com/capacityType", "karpenter.sh/capacity-type")]
    public void An_AWS_node_carries_the_label_of_the_provisioner_that_made_it_and_not_the_others(NodeLabelScheme scheme, string present, string absent)
    {
        var node = NodeFactory.Build(CloudProvider.Aws, new NodePoolOptions { Name = "od", CapacityType = CapacityType.OnDemand, LabelScheme = scheme }, "od-1", DateTimeOffset.UnixEpoch);

        Assert.Contains(present, node.Metadata.Labels.Keys);
        Assert.DoesNotContain(absent, node.Metadata.Labels.Keys);
    }

    [Fact]
    public void GKE_on_demand_nodes_have_no_spot_label()
    {
        var node = NodeFactory.Build(CloudProvider.Gke, new NodePoolOptions { Name = "od", CapacityType = CapacityType.OnDemand }, "od-1", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("cloud.google.com/gke-spot", node.Metadata.Labels.Keys);
    }

    [Theory]
    [InlineData("AKS spot nodes are always tainted", CloudProvider.Aks, false, "kubernetes.azure.com/scalesetpriority=spot:NoSchedule")]
    [InlineData("GKE spot taint when configured", CloudProvider.Gke, true, "cloud.google.com/gke-spot=true:NoSchedule")]
    [InlineData("GKE spot taint absent by default", CloudProvider.Gke, false, "")]
    [InlineData("AWS spot nodes are untainted", CloudProvider.Aws, true, "")]
    public void Spot_nodes_carry_the_permanent_spot_taint_of_their_provider(string name, CloudProvider provider, bool gkeTaint, string expected)
    {
        _ = name;
        var node = NodeFactory.Build(provider, new NodePoolOptions { Name = "p", GkeSpotTaint = gkeTaint }, "p-1", DateTimeOffset.UnixEpoch);

        var taints = string.Join(",", (node.Spec.Taints ?? []).Select(t => $"{t.Key}={t.Value}:{t.Effect}"));
        Assert.Equal(expected, taints);
    }

    [Theory]
    [InlineData("AWS NTH", CloudProvider.Aws, AwsNoticeSource.NodeTerminationHandler, "aws-node-termination-handler/spot-itn", "evt-1")]
    [InlineData("AWS Karpenter", CloudProvider.Aws, AwsNoticeSource.Karpenter, "karpenter.sh/disrupted", null)]
    [InlineData("GKE", CloudProvider.Gke, AwsNoticeSource.NodeTerminationHandler, "cloud.google.com/impending-node-termination", null)]
    [InlineData("AKS", CloudProvider.Aks, AwsNoticeSource.NodeTerminationHandler, "aks-node-termination-handler/preempt", null)]
    public void Notice_taints_follow_the_signal_table(string name, CloudProvider provider, AwsNoticeSource source, string key, string? value)
    {
        _ = name;
        var taint = ProviderConventions.NoticeTaint(provider, source, "evt-1", DateTimeOffset.UnixEpoch);

        Assert.Equal(key, taint.Key);
        Assert.Equal(value, taint.Value);
        Assert.Equal("NoSchedule", taint.Effect);
    }

    [Theory]
    [InlineData(CloudProvider.Aws, 120, 120)]
    [InlineData(CloudProvider.Gke, 30, 15)]
    [InlineData(CloudProvider.Aks, 30, 30)]
    public void Notice_windows_default_to_the_signal_table(CloudProvider provider, int nodeSeconds, int podSeconds)
    {
        var timing = NoticeTiming.For(provider);

        Assert.Equal(TimeSpan.FromSeconds(nodeSeconds), timing.NoticeWindow);
        Assert.Equal(TimeSpan.FromSeconds(podSeconds), timing.PodDeletionAfter);
    }
}
