namespace Orchestrator.Sandbox.Admission;

/// <summary>A workload waiting for quota, with the ClusterQueue its LocalQueue points to (null if none).</summary>
internal sealed record PendingSnapshot(string Key, string? ClusterQueue, DateTimeOffset Created, IReadOnlyDictionary<string, decimal> Requests);
