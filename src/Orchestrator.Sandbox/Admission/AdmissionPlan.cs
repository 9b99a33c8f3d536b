namespace Orchestrator.Sandbox.Admission;

internal sealed record AdmissionPlan(
    IReadOnlyList<AdmissionGrant> Admissions,
    IReadOnlyList<Eviction> Evictions,
    IReadOnlyDictionary<string, string> Inadmissible);
