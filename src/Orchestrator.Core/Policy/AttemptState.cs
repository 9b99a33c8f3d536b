namespace Orchestrator.Core.Policy;

/// <summary>Where an attempt is in its life, as the policy sees it.</summary>
public enum AttemptState
{
    /// <summary>Created, waiting for capacity (for spot: waiting for an instance).</summary>
    Queued,

    /// <summary>Holding an instance (including its changeover).</summary>
    Running,

    Ended,
}
