namespace Orchestrator.Sandbox.Admission;

internal sealed record GroupSnapshot(IReadOnlyList<string> CoveredResources, IReadOnlyList<FlavorQuotaSnapshot> Flavors);
