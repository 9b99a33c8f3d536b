namespace Orchestrator.Kubernetes.Caching;

/// <summary>One change to a cache: <see cref="Old"/> is null for Added, <see cref="New"/> is null for Deleted.</summary>
public sealed record CacheDelta<T>(DeltaType Type, T? Old, T? New)
    where T : class
{
    /// <summary>The object as last known: the new one, or for a deletion the old one.</summary>
    public T Current => New ?? Old ?? throw new InvalidOperationException("A delta carries at least one object.");
}
