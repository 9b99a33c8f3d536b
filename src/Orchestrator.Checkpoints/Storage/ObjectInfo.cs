namespace Orchestrator.Checkpoints.Storage;

/// <summary>What a HEAD returns: the size, and the version tag ranged reads pin so a replaced object cannot be mixed with its predecessor.</summary>
internal sealed record ObjectInfo(long SizeBytes, string? ETag);
