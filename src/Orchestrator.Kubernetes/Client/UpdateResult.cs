namespace Orchestrator.Kubernetes.Client;

/// <summary>The result of an optimistic update: the outcome and the object as the server now has it (null when gone).</summary>
public sealed record UpdateResult<T>(UpdateOutcome Outcome, T? Current)
    where T : class;
