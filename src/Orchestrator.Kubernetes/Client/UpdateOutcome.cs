namespace Orchestrator.Kubernetes.Client;

/// <summary>How an optimistic update ended.</summary>
public enum UpdateOutcome
{
    /// <summary>Written; the result carries the server's new version of the object.</summary>
    Updated,

    /// <summary>Someone wrote first (409); the result carries the object as it is now: decide again from it.</summary>
    Conflict,

    /// <summary>The object no longer exists.</summary>
    NotFound,
}
