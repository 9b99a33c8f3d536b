using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// What a fresh list means to a cache that may have missed events (after 410 Gone): objects not cached are
/// Added, cached ones with another resourceVersion are Updated, cached ones absent from the list are Deleted.
/// Unchanged objects produce nothing, so a re-list after a short gap notifies only what really changed.
/// </summary>
public static class StoreDiff
{
    /// <summary>The deltas that turn <paramref name="cached"/> into <paramref name="fresh"/>: adds and updates in list order, then deletes by key.</summary>
    public static IReadOnlyList<CacheDelta<T>> Compute<T>(IReadOnlyDictionary<ObjectKey, T> cached, IEnumerable<T> fresh)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var deltas = new List<CacheDelta<T>>();
        var seen = new HashSet<ObjectKey>();
        foreach (var item in fresh)
        {
            var key = ObjectKey.Of(item);
            if (!seen.Add(key))
            {
                continue;
            }

            if (!cached.TryGetValue(key, out var old))
            {
                deltas.Add(new CacheDelta<T>(DeltaType.Added, null, item));
            }
            else if (!string.Equals(old.Metadata.ResourceVersion, item.Metadata.ResourceVersion, StringComparison.Ordinal))
            {
                deltas.Add(new CacheDelta<T>(DeltaType.Updated, old, item));
            }
        }

        foreach (var (key, old) in cached.OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal))
        {
            if (!seen.Contains(key))
            {
                deltas.Add(new CacheDelta<T>(DeltaType.Deleted, old, null));
            }
        }

        return deltas;
    }
}
