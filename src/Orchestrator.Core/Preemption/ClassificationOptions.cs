namespace Orchestrator.Core.Preemption;

/// <summary>Tuning of <see cref="AttemptClassifier"/>.</summary>
/// <remarks>CorrelationWindow: a worker failing this close (either side) to a disruption of the same attempt failed
/// because of it. NCCL and Gloo notice a lost peer within seconds to a few minutes depending on their timeouts; 10 min
/// covers the usual settings without reaching back to unrelated crashes.</remarks>
public sealed record ClassificationOptions
{
    public static ClassificationOptions Default { get; } = new();

    public TimeSpan CorrelationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Pod or container termination reasons that mean the capacity went away, not the program.</summary>
    public IReadOnlySet<string> DisruptionReasons { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Evicted", "Preempting", "Preempted", "NodeLost", "NodeShutdown", "Terminated", "DeletionByTaintManager", "TerminationByKubelet",
    };

    /// <summary>
    /// Kueue eviction reasons that mean the workload was deliberately stopped rather than displaced; any
    /// <c>DeactivatedDueTo&lt;Cause&gt;</c> reason counts too (<see cref="KueueEvictionReasons"/>).
    /// </summary>
    public IReadOnlySet<string> SuspendEvictionReasons { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "InactiveWorkload", "Deactivated",
    };
}
