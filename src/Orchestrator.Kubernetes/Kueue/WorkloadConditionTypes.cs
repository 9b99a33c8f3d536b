namespace Orchestrator.Kubernetes.Kueue;

/// <summary>Kueue's Workload condition types the controller reacts to.</summary>
public static class WorkloadConditionTypes
{
    /// <summary>Quota is reserved in a ClusterQueue (admission in progress).</summary>
    public const string QuotaReserved = "QuotaReserved";

    /// <summary>Admitted: the Job may run.</summary>
    public const string Admitted = "Admitted";

    /// <summary>Evicted (preempted by a higher priority workload, or pods not ready in time); the Job is suspended.</summary>
    public const string Evicted = "Evicted";

    /// <summary>Preempted by Kueue to make room for another workload.</summary>
    public const string Preempted = "Preempted";

    /// <summary>Requeued after an eviction.</summary>
    public const string Requeued = "Requeued";

    /// <summary>Finished: the Job completed or failed.</summary>
    public const string Finished = "Finished";
}
