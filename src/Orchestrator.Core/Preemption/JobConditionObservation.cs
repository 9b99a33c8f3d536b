namespace Orchestrator.Core.Preemption;

/// <summary>A true condition of the attempt's Job (<c>Complete</c>, <c>Failed</c>, <c>Suspended</c>) with its reason.</summary>
public sealed record JobConditionObservation(string Type, string? Reason = null, DateTimeOffset? At = null);
