namespace Orchestrator.Core.Preemption;

/// <summary>Whether to ask the pods for a checkpoint now, and why.</summary>
/// <remarks>WaitUntil: how long to wait for the commit before ending the attempt anyway (the notice deadline).</remarks>
public sealed record JustInTimeDecision(bool RequestSave, string Reason, DateTimeOffset WaitUntil);
