using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>What one admission pass reads from the API server.</summary>
internal sealed record ClusterState(
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<ResourceFlavor> Flavors,
    IReadOnlyList<ClusterQueue> ClusterQueues,
    IReadOnlyList<LocalQueue> LocalQueues,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyList<V1Node> Nodes);
