namespace Orchestrator.Sandbox.Admission;

/// <summary>A workload holding quota: its total usage, and the flavor each resource was assigned.</summary>
internal sealed record AdmittedSnapshot(
    string Key,
    string ClusterQueue,
    IReadOnlyDictionary<string, string> FlavorByResource,
    IReadOnlyDictionary<string, decimal> Usage,
    DateTimeOffset AdmittedAt);
