namespace Orchestrator.Core.Checkpointing;

/// <summary>The periodic checkpoint interval and how it was reached (for status and events).</summary>
public sealed record CheckpointIntervalDecision(TimeSpan Interval, string Basis);
