namespace Orchestrator.Sandbox.Admission;

/// <summary>How the simulated Kueue admits and evicts.</summary>
public sealed record KueueOptions
{
    /// <summary>
    /// Treat a flavor's usable GPU quota as min(nominalQuota, GPUs on Ready nodes matching the
    /// flavor's labels) and evict admitted workloads when nodes vanish. Real Kueue only knows
    /// quota; this stands in for the capacity a cluster autoscaler could not find.
    /// </summary>
    public bool QuotaFollowsNodes { get; init; } = true;

    /// <summary>
    /// Kueue's waitForPodsReady: evict an admitted workload whose pods are not all Ready this long
    /// (sandbox time) after admission or after they stopped being Ready. Null disables it.
    /// </summary>
    public TimeSpan? WaitForPodsReadyTimeout { get; init; }

    /// <summary>How often the state is re-read even without a watch event, in real time.</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromSeconds(2);
}
