namespace Orchestrator.Checkpoints.Protocol;

/// <summary>A file of a committed checkpoint is missing, or its size or checksum differs from the manifest.</summary>
public sealed class CheckpointVerificationException : Exception
{
    public CheckpointVerificationException()
    {
    }

    public CheckpointVerificationException(string message)
        : base(message)
    {
    }

    public CheckpointVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
