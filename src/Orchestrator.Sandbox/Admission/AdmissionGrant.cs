namespace Orchestrator.Sandbox.Admission;

internal sealed record AdmissionGrant(string Key, string ClusterQueue, IReadOnlyDictionary<string, string> FlavorByResource);
