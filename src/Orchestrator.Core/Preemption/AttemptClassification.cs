using Orchestrator.Api;

namespace Orchestrator.Core.Preemption;

/// <summary>Why the attempt ended, with the signals that decided it (kept in the attempt history).</summary>
public sealed record AttemptClassification(AttemptEndReason Reason, IReadOnlyList<string> Evidence);
