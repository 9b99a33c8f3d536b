namespace Orchestrator.Sandbox.Admission;

/// <summary>A ClusterQueue's quota: resource groups, each with flavors in the order they are tried.</summary>
/// <remarks>Queues sharing a <paramref name="Cohort"/> may borrow each other's unused nominal quota.</remarks>
internal sealed record QueueSnapshot(string Name, bool StrictFifo, IReadOnlyList<GroupSnapshot> Groups, string? Cohort = null);
