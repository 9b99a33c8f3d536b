namespace Orchestrator.Sandbox.Admission;

/// <summary>A ClusterQueue's quota: resource groups, each with flavors in the order they are tried.</summary>
internal sealed record QueueSnapshot(string Name, bool StrictFifo, IReadOnlyList<GroupSnapshot> Groups);
