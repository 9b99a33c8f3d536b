namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// A storage failure with a message safe to log and show: credentials are redacted and the SDK's own
/// exception (whose text may carry signed URLs) is not attached.
/// </summary>
public sealed class CheckpointStorageException : Exception
{
    public CheckpointStorageException()
    {
    }

    public CheckpointStorageException(string message)
        : base(message)
    {
    }

    public CheckpointStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointStorageException(string message, int? statusCode, bool transient)
        : base(message)
    {
        StatusCode = statusCode;
        Transient = transient;
    }

    /// <summary>The HTTP status the server answered, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>True when retries were exhausted on a failure that might pass (5xx, timeout, connection loss).</summary>
    public bool Transient { get; }

    public bool NotFound => StatusCode == 404;
}
