namespace Orchestrator.Core.Preemption;

/// <summary>The Workload's Evicted condition: Kueue took the admission back (<c>Preempted</c>, <c>InactiveWorkload</c>, ...).</summary>
public sealed record KueueEviction(string Reason, DateTimeOffset At, string? Message = null);
