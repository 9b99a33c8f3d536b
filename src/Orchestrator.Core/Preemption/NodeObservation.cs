namespace Orchestrator.Core.Preemption;

/// <summary>A node as the controller last saw it.</summary>
/// <remarks>NotReadySince: when the Ready condition went False/Unknown, null while Ready. DeletedAt: when the node
/// object was seen to vanish (or got a deletion timestamp).</remarks>
public sealed record NodeObservation(
    string Name,
    IReadOnlyList<TaintObservation> Taints,
    DateTimeOffset? NotReadySince = null,
    DateTimeOffset? DeletedAt = null);
