namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// A rank of the gang could not restore for a reason that is not the checkpoint's (a full or failing local disk):
/// every rank fails, so the pod is retried, rather than falling back to older work or starting from step 0.
/// </summary>
public sealed class GangRestoreFailedException : Exception
{
    public GangRestoreFailedException()
    {
    }

    public GangRestoreFailedException(string message)
        : base(message)
    {
    }

    public GangRestoreFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
