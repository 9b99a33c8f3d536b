namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// A workload waiting for quota, with the ClusterQueue its LocalQueue points to (null if none) and
/// the flavors whose nodeTaints its pods would not tolerate.
/// </summary>
internal sealed record PendingSnapshot(string Key, string? ClusterQueue, DateTimeOffset Created, IReadOnlyDictionary<string, decimal> Requests, IReadOnlySet<string>? UntoleratedFlavors = null);
