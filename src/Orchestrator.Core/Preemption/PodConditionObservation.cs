namespace Orchestrator.Core.Preemption;

/// <summary>A pod condition with its transition time (falls back to when it was first seen).</summary>
public sealed record PodConditionObservation(string Type, string Status, string? Reason, DateTimeOffset? LastTransitionTime, DateTimeOffset FirstSeen)
{
    public bool IsTrue => string.Equals(Status, "True", StringComparison.Ordinal);

    public DateTimeOffset ReceivedAt => LastTransitionTime ?? FirstSeen;
}
