namespace Orchestrator.Core.Preemption;

/// <summary>The Workload's <c>Finished=True</c> condition (reasons <c>Succeeded</c>, <c>Failed</c>, <c>AdmissionChecksRejected</c>, <c>OutOfSync</c>, ...).</summary>
public sealed record KueueFinished(string Reason, string? Message);
