namespace Orchestrator.Checkpoints.Protocol;

/// <summary>A checkpoint restored into a local folder after every file verified.</summary>
public sealed record RestoredCheckpoint(string Id, long Step, int Attempt, string Path, long SizeBytes);
