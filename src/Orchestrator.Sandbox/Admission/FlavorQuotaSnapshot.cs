namespace Orchestrator.Sandbox.Admission;

internal sealed record FlavorQuotaSnapshot(string Flavor, IReadOnlyDictionary<string, decimal> NominalQuota);
