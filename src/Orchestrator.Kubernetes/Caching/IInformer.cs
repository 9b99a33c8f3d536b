namespace Orchestrator.Kubernetes.Caching;

/// <summary>What a host needs of any <see cref="Informer{T}"/>: run it, wait for its first sync, report readiness.</summary>
public interface IInformer
{
    /// <summary>Name used in logs and readiness reports.</summary>
    string Name { get; }

    /// <summary>True once the first complete list is in the cache (a /readyz condition).</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the first complete list is in the cache.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken = default);
}
