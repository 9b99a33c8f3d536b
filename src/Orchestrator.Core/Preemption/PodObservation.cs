namespace Orchestrator.Core.Preemption;

/// <summary>A pod of the attempt, with the node it was bound to.</summary>
public sealed record PodObservation(string Name, string? NodeName, IReadOnlyList<PodConditionObservation> Conditions);
