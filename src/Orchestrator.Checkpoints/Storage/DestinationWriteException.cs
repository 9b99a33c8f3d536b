namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Writing a download's destination failed. Never retried: the destination cannot be rewound, and
/// the caller gets the original exception back.
/// </summary>
internal sealed class DestinationWriteException(Exception inner) : Exception("writing the destination failed", inner);
