namespace Orchestrator.Kubernetes.Caching;

/// <summary>What happened to an object in a cache.</summary>
public enum DeltaType
{
    Added,
    Updated,
    Deleted,
}
