namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// This agent's attempt was ended by the controller and a later attempt has begun restoring: whatever it commits now
/// would never be restored (<see cref="AttemptFence"/>), so it does not commit, restore or prune.
/// </summary>
public sealed class CheckpointFencedException : Exception
{
    public CheckpointFencedException()
    {
    }

    public CheckpointFencedException(string message)
        : base(message)
    {
    }

    public CheckpointFencedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
