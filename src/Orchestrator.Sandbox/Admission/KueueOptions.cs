namespace Orchestrator.Sandbox.Admission;

/// <summary>How the simulated Kueue admits and evicts.</summary>
public sealed record KueueOptions
{
    /// <summary>
    /// Off (the default), admission is on nominal quota alone, as real Kueue without topology-aware
    /// scheduling does: when spot nodes are gone an admitted workload's pods sit Pending
    /// (Unschedulable) rather than waiting in the queue. On, a flavor's usable GPU quota is
    /// min(nominalQuota, GPUs on Ready nodes matching the flavor's labels) and admitted workloads are
    /// evicted when nodes vanish: a named option for tests of a queue that follows capacity (as
    /// Kueue's ProvisioningRequest admission check or TAS would), not what a plain cluster does.
    /// </summary>
    public bool QuotaFollowsNodes { get; init; }

    /// <summary>
    /// Kueue's waitForPodsReady: evict an admitted workload whose pods are not all Ready this long
    /// (sandbox time) after admission or after they stopped being Ready. Null disables it.
    /// </summary>
    public TimeSpan? WaitForPodsReadyTimeout { get; init; }

    /// <summary>How often the state is re-read even without a watch event, in real time.</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromSeconds(2);
}
