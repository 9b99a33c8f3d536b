namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// Everything an admission pass decides from. The capacity maps are null unless quota follows the
/// nodes: <paramref name="SchedulableCapacity"/> is what new admissions may use (Ready nodes whose
/// taints the flavor tolerates), <paramref name="LiveCapacity"/> what keeps admitted workloads
/// (Ready nodes that still exist, notice or not).
/// </summary>
internal sealed record AdmissionInput(
    IReadOnlyList<QueueSnapshot> Queues,
    IReadOnlyList<AdmittedSnapshot> Admitted,
    IReadOnlyList<PendingSnapshot> Pending,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>? SchedulableCapacity,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>? LiveCapacity);
