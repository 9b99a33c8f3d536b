using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Sandbox.Capacity;

/// <summary>The labels and taints each cloud puts on its nodes, as listed in SIGNALS.md.</summary>
public static class ProviderConventions
{
    public const string SandboxPoolLabel = "sandbox.orchestrator.dev/pool";
    public const string AwsNthNoticeTaint = "aws-node-termination-handler/spot-itn";
    public const string KarpenterNoticeTaint = "karpenter.sh/disrupted";
    public const string GkeNoticeTaint = "cloud.google.com/impending-node-termination";
    public const string AksNoticeTaint = "aks-node-termination-handler/preempt";
    public const string KarpenterCapacityType = "karpenter.sh/capacity-type";
    public const string EksCapacityType = "eks.amazonaws.com/capacityType";
    public const string GkeSpot = "cloud.google.com/gke-spot";
    public const string AksScaleSetPriority = "kubernetes.azure.com/scalesetpriority";
    public const string GpuResource = "nvidia.com/gpu";

    public const string GkeProvisioning = "cloud.google.com/gke-provisioning";

    /// <summary>The scheme a provider's nodes use unless a pool says otherwise: Karpenter's on AWS.</summary>
    public static NodeLabelScheme DefaultScheme(CloudProvider provider) => provider switch
    {
        CloudProvider.Aws => NodeLabelScheme.Karpenter,
        CloudProvider.Gke => NodeLabelScheme.Gke,
        CloudProvider.Aks => NodeLabelScheme.Aks,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown cloud provider."),
    };

    public static IReadOnlyDictionary<string, string> CapacityLabels(CloudProvider provider, CapacityType capacity) =>
        CapacityLabels(DefaultScheme(provider), capacity);

    /// <summary>The capacity labels a node of <paramref name="scheme"/> carries, and only those: a real node has one provisioner.</summary>
    public static IReadOnlyDictionary<string, string> CapacityLabels(NodeLabelScheme scheme, CapacityType capacity)
    {
        var spot = capacity == CapacityType.Spot;
        return scheme switch
        {
            NodeLabelScheme.Karpenter => new Dictionary<string, string> { [KarpenterCapacityType] = spot ? "spot" : "on-demand" },
            NodeLabelScheme.EksManagedNodeGroup => new Dictionary<string, string> { [EksCapacityType] = spot ? "SPOT" : "ON_DEMAND" },
            NodeLabelScheme.Gke => spot
                ? new Dictionary<string, string> { [GkeSpot] = "true", [GkeProvisioning] = "spot" }
                : new Dictionary<string, string> { [GkeProvisioning] = "standard" },
            NodeLabelScheme.Aks => new Dictionary<string, string> { [AksScaleSetPriority] = spot ? "spot" : "regular" },
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown node label scheme."),
        };
    }

    /// <summary>The label that tells on-demand nodes of <paramref name="scheme"/> apart, with its on-demand value.</summary>
    public static KeyValuePair<string, string> OnDemandLabel(NodeLabelScheme scheme) =>
        CapacityLabels(scheme, CapacityType.OnDemand).Single();

    /// <summary>The provider's own node-pool label, next to the sandbox's <see cref="SandboxPoolLabel"/>.</summary>
    public static KeyValuePair<string, string> PoolLabel(CloudProvider provider, string pool) => provider switch
    {
        CloudProvider.Aws => new("karpenter.sh/nodepool", pool),
        CloudProvider.Gke => new("cloud.google.com/gke-nodepool", pool),
        CloudProvider.Aks => new("kubernetes.azure.com/agentpool", pool),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown cloud provider."),
    };

    /// <summary>The permanent taints a spot node carries (not a notice).</summary>
    public static IReadOnlyList<V1Taint> SpotTaints(CloudProvider provider, CapacityType capacity, bool gkeSpotTaint)
    {
        if (capacity != CapacityType.Spot)
        {
            return [];
        }

        return provider switch
        {
            CloudProvider.Aks => [new V1Taint { Effect = "NoSchedule", Key = AksScaleSetPriority, Value = "spot" }],
            CloudProvider.Gke when gkeSpotTaint => [new V1Taint { Effect = "NoSchedule", Key = GkeSpot, Value = "true" }],
            _ => [],
        };
    }

    /// <summary>The taint a termination handler puts on a node that received an interruption notice.</summary>
    public static V1Taint NoticeTaint(CloudProvider provider, AwsNoticeSource awsSource, string eventId, DateTimeOffset now) => provider switch
    {
        CloudProvider.Aws when awsSource == AwsNoticeSource.Karpenter =>
            new V1Taint { Effect = "NoSchedule", Key = KarpenterNoticeTaint, TimeAdded = now.UtcDateTime },
        CloudProvider.Aws => new V1Taint { Effect = "NoSchedule", Key = AwsNthNoticeTaint, TimeAdded = now.UtcDateTime, Value = eventId },
        CloudProvider.Gke => new V1Taint { Effect = "NoSchedule", Key = GkeNoticeTaint, TimeAdded = now.UtcDateTime },
        CloudProvider.Aks => new V1Taint { Effect = "NoSchedule", Key = AksNoticeTaint, TimeAdded = now.UtcDateTime },
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown cloud provider."),
    };
}
