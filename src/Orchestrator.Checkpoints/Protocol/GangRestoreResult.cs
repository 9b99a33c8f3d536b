using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>The checkpoint every rank restored (null: the gang starts fresh), and the newer ones passed over.</summary>
public sealed record GangRestoreResult(RestoredCheckpoint? Restored, IReadOnlyList<SkippedCheckpoint> Skipped);
