using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>
/// A list+watch cache of one resource kind. KubernetesClient has no informers, so this re-lists on
/// start, after a watch error (410 Gone included) and after any broken connection, and diffs the
/// fresh list against the cache so that handlers still see every deletion.
/// </summary>
internal sealed class Informer<T>(
    string kind,
    Informer<T>.ListFunction list,
    Informer<T>.WatchFunction watch,
    Action<ObjectChange<T>> onChange,
    TimeProvider time,
    ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public delegate Task<(IList<T> Items, string ResourceVersion)> ListFunction(CancellationToken cancellationToken);

    public delegate IAsyncEnumerable<(WatchEventType Type, T Object)> WatchFunction(
        string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);

    private static readonly TimeSpan s_minBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first list has been loaded into the cache.</summary>
    public Task Synced => _synced.Task;

    public static string KeyOf(T obj) => ObjectKey.Of(obj.Metadata);

    public bool TryGet(string key, out T value)
    {
        lock (_lock)
        {
            return _cache.TryGetValue(key, out value!);
        }
    }

    public List<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _cache.Values];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = s_minBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await RelistAsync(cancellationToken);
                backoff = s_minBackoff;
                await WatchFromAsync(resourceVersion, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A broken list or watch must never stop the component: re-list after a backoff.
                WorkloadLog.Relisting(logger, ex, kind);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
            }
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await list(cancellationToken);
        var changes = new List<ObjectChange<T>>();
        lock (_lock)
        {
            var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                fresh[KeyOf(item)] = item;
            }

            foreach (var (key, old) in _cache)
            {
                if (!fresh.ContainsKey(key))
                {
                    changes.Add(new ObjectChange<T>(key, old, null));
                }
            }

            foreach (var (key, item) in fresh)
            {
                _cache.TryGetValue(key, out var old);
                if (old?.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
                {
                    changes.Add(new ObjectChange<T>(key, old, item));
                }
            }

            _cache.Clear();
            foreach (var (key, item) in fresh)
            {
                _cache[key] = item;
            }
        }

        Publish(changes);
        _synced.TrySetResult();
        return resourceVersion;
    }

    private async Task WatchFromAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? failure = null;
            await foreach (var (type, obj) in watch(resourceVersion, ex => failure = ex, cancellationToken))
            {
                if (type == WatchEventType.Error)
                {
                    throw new InvalidOperationException($"{kind} watch sent an ERROR event (resource version expired?)");
                }

                if (obj?.Metadata is null)
                {
                    continue;
                }

                resourceVersion = obj.Metadata.ResourceVersion ?? resourceVersion;
                if (type != WatchEventType.Bookmark)
                {
                    Apply(type, obj);
                }
            }

            if (failure is not null)
            {
                throw new InvalidOperationException($"{kind} watch failed", failure);
            }

            // The server closed the watch (timeoutSeconds): resume from the last version seen.
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        var key = KeyOf(obj);
        ObjectChange<T> change;
        lock (_lock)
        {
            _cache.TryGetValue(key, out var old);
            if (type == WatchEventType.Deleted)
            {
                _cache.Remove(key);
                // The deleted object is the final state, which is what handlers need to see (finalizers, status).
                change = new ObjectChange<T>(key, obj, null);
            }
            else
            {
                _cache[key] = obj;
                change = new ObjectChange<T>(key, old, obj);
            }
        }

        Publish([change]);
    }

    private void Publish(List<ObjectChange<T>> changes)
    {
        foreach (var change in changes)
        {
            try
            {
                onChange(change);
            }
            catch (Exception ex)
            {
                // A faulty handler must not break the watch loop of every other handler.
                WorkloadLog.HandlerFailed(logger, ex, kind, change.Key);
            }
        }
    }
}
