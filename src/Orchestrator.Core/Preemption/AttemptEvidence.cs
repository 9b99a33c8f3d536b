namespace Orchestrator.Core.Preemption;

/// <summary>Everything observed about an attempt that has ended. Notices must already be limited to the attempt's nodes and pods.</summary>
/// <remarks>SuspendRequestedAt: when the user (or a capacity switch) asked the attempt to stop. JobVanished: the Job was
/// gone before its end could be read.</remarks>
public sealed record AttemptEvidence(
    IReadOnlyList<PodTermination> Pods,
    IReadOnlyList<PreemptionNotice> Notices,
    IReadOnlyList<JobConditionObservation> JobConditions,
    KueueEviction? Eviction = null,
    DateTimeOffset? SuspendRequestedAt = null,
    bool JobVanished = false);
