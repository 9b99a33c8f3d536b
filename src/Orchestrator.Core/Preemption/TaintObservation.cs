namespace Orchestrator.Core.Preemption;

/// <summary>A node taint and when it was first seen (the API server only stamps TimeAdded on NoExecute taints).</summary>
public sealed record TaintObservation(string Key, string? Value, string Effect, DateTimeOffset FirstSeen, DateTimeOffset? TimeAdded = null)
{
    public DateTimeOffset ReceivedAt => TimeAdded is { } added && added < FirstSeen ? added : FirstSeen;
}
