namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// A workload holding quota: its total usage, and the flavor each resource was assigned.
/// <paramref name="Evicting"/> ones still hold their quota until their pods are gone, but are not evicted again.
/// </summary>
internal sealed record AdmittedSnapshot(
    string Key,
    string ClusterQueue,
    IReadOnlyDictionary<string, string> FlavorByResource,
    IReadOnlyDictionary<string, decimal> Usage,
    DateTimeOffset AdmittedAt,
    bool Evicting = false);
