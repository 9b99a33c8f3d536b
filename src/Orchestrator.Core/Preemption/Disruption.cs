namespace Orchestrator.Core.Preemption;

/// <summary>A sign that capacity went away under the attempt: a notice, a vanished node, a disruption termination reason.</summary>
internal sealed record Disruption(string Subject, DateTimeOffset? At, string Evidence)
{
    public bool Hits(PodTermination pod) =>
        string.Equals(Subject, $"pod/{pod.Pod}", StringComparison.Ordinal)
        || (pod.Node is { } node && string.Equals(Subject, $"node/{node}", StringComparison.Ordinal));
}
