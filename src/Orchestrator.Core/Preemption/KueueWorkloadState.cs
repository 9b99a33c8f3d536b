namespace Orchestrator.Core.Preemption;

/// <summary>What Kueue says about one attempt's Workload, beyond an eviction.</summary>
/// <param name="PendingMessage">While not admitted: the message of <c>QuotaReserved=False</c> (why Kueue cannot admit it).</param>
/// <param name="Finished">Kueue finished the Workload (<c>Finished=True</c>): its reason and message.</param>
/// <param name="Flavors">Once admitted: the ResourceFlavor of each resource of the first pod set (<c>status.admission.podSetAssignments[0].flavors</c>).</param>
public sealed record KueueWorkloadState(
    string? PendingMessage = null,
    KueueFinished? Finished = null,
    IReadOnlyDictionary<string, string>? Flavors = null);
