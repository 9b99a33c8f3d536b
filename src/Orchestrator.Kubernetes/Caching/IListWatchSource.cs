using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// Where an <see cref="Informer{T}"/> reads one resource type from. <see cref="ListWatchSources"/> builds the
/// real ones over KubernetesClient; tests may supply in-memory ones.
/// </summary>
public interface IListWatchSource<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Lists one page (a fresh, consistent read when <paramref name="continueToken"/> is null).</summary>
    /// <exception cref="ResourceExpiredException">The continue token expired; list again from the start.</exception>
    Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Watches changes after <paramref name="resourceVersion"/>, with bookmarks. The stream ends normally when the
    /// server closes it (e.g. after <paramref name="timeout"/>); the caller then watches again from the last version seen.
    /// </summary>
    /// <exception cref="ResourceExpiredException">The version is too old (410 Gone); list again.</exception>
    IAsyncEnumerable<ResourceEvent<T>> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);
}
