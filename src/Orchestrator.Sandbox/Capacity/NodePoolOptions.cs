using Orchestrator.Api;

namespace Orchestrator.Sandbox.Capacity;

/// <summary>A pool of identical nodes the sandbox keeps at <see cref="Size"/> while capacity is available.</summary>
public sealed record NodePoolOptions
{
    public required string Name { get; init; }

    public CapacityType CapacityType { get; init; } = CapacityType.Spot;

    /// <summary>Desired number of nodes.</summary>
    public int Size { get; init; } = 1;

    public int GpusPerNode { get; init; } = 1;

    public string CpuPerNode { get; init; } = "8";

    public string MemoryPerNode { get; init; } = "61Gi";

    public int MaxPods { get; init; } = 110;

    public string InstanceType { get; init; } = "p3.2xlarge";

    public string Zone { get; init; } = "us-east-1a";

    /// <summary>Sandbox time between a node being lost and its replacement turning Ready.</summary>
    public TimeSpan ProvisioningDelay { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>For spot pools: availability over time; null means always available unless scripted.</summary>
    public SpotTrace? Trace { get; init; }

    /// <summary>Whether a trace's drop to zero preempts the pool's nodes with a notice (true) or at once.</summary>
    public bool TracePreemptionWithNotice { get; init; } = true;

    /// <summary>GKE only: whether spot nodes carry the optional <c>cloud.google.com/gke-spot=true:NoSchedule</c> taint.</summary>
    public bool GkeSpotTaint { get; init; }

    /// <summary>Extra taints on every node of the pool (e.g. the spot taint a Karpenter NodePool sets).</summary>
    public IReadOnlyList<k8s.Models.V1Taint> Taints { get; init; } = [];

    /// <summary>Whose capacity labels the pool's nodes carry; null takes the provider's (<see cref="ProviderConventions.DefaultScheme"/>).</summary>
    public NodeLabelScheme? LabelScheme { get; init; }

    /// <summary>Extra labels on every node of the pool.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
