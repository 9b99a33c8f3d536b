using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// A list+watch cache of one resource type (KubernetesClient has none): lists (paginated), then watches from the
/// list's resourceVersion with bookmarks; on 410 Gone lists again and notifies only the differences; on any other
/// failure backs off (exponential, jittered, on the injected clock) and resumes from the last version seen.
/// <para>
/// Reads (<see cref="Get"/>, <see cref="List"/>, <see cref="ByIndex"/>) are thread-safe snapshots of the cache.
/// Returned objects are shared with the cache: treat them as read-only and copy (<see cref="ObjectCopy.Clone{T}"/>)
/// before changing one. Handlers run one at a time on the informer's loop, after the cache is updated; keep them
/// short (enqueue a key) and do not block in them.
/// </para>
/// </summary>
/// <example>
/// <code>
/// var pods = new Informer&lt;V1Pod&gt;(ListWatchSources.Pods(client), TimeProvider.System);
/// pods.AddIndex("node", IndexFunctions.PodNodeName);
/// pods.AddHandler(onAdded: p =&gt; queue.Add(ObjectKey.Of(p)));
/// var run = pods.RunAsync(stopping);
/// await pods.WaitForSyncAsync(stopping);
/// </code>
/// </example>
public sealed class Informer<T> : IInformer where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly TimeProvider _time;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Func<double> _random;
    private readonly ExponentialBackoff _backoff;
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, T> _items = [];
    private readonly Dictionary<string, Index> _indexes = new(StringComparer.Ordinal);
    private readonly List<Action<CacheDelta<T>>> _handlers = [];
    private Func<T, T> _transform = item => item;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _resourceVersion = "";
    private int _started;
    private long _lists;

    /// <param name="source">Where to list and watch from (see <see cref="ListWatchSources"/>).</param>
    /// <param name="time">Clock for backoff delays.</param>
    /// <param name="options">Page size, watch timeout, backoff; defaults when null.</param>
    /// <param name="logger">Logs list/watch failures and re-lists.</param>
    /// <param name="random">Returns [0, 1) for jitter; <see cref="Random.Shared"/> when null.</param>
    public Informer(IListWatchSource<T> source, TimeProvider time, InformerOptions? options = null, ILogger? logger = null, Func<double>? random = null)
    {
        _source = source;
        _time = time;
        _options = options ?? new InformerOptions();
        _name = _options.Name;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared.NextDouble;
        _backoff = _options.Backoff ?? new ExponentialBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), 0.2, _random);
    }

    /// <inheritdoc />
    public string Name => _name;

    /// <summary>True once the first complete list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the cache reflects (last list, event or bookmark).</summary>
    public string ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>How many complete lists were done: 1 after the first sync, more after each 410 Gone.</summary>
    public long ListCount => Interlocked.Read(ref _lists);

    /// <summary>Number of cached objects.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an index before <see cref="RunAsync"/>: <paramref name="indexFunction"/> gives the values an object is found under.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> indexFunction)
    {
        ThrowIfStarted();
        _indexes.Add(name, new Index(indexFunction));
    }

    /// <summary>
    /// Adds handlers before <see cref="RunAsync"/>. Deleted receives the last known state of the object (after a
    /// re-list that is the state before the events that were missed).
    /// </summary>
    public void AddHandler(Action<T>? onAdded = null, Action<T, T>? onUpdated = null, Action<T>? onDeleted = null)
    {
        ThrowIfStarted();
        _handlers.Add(delta =>
        {
            switch (delta.Type)
            {
                case DeltaType.Added:
                    onAdded?.Invoke(delta.New!);
                    break;
                case DeltaType.Updated:
                    onUpdated?.Invoke(delta.Old!, delta.New!);
                    break;
                case DeltaType.Deleted:
                    onDeleted?.Invoke(delta.Old!);
                    break;
            }
        });
    }

    /// <summary>
    /// Reshapes every object before it is cached (and before handlers see it), e.g. to drop what the controller never
    /// reads: a large cache is mostly pod templates and environment. Call before <see cref="RunAsync"/>.
    /// </summary>
    public void SetTransform(Func<T, T> transform)
    {
        ThrowIfStarted();
        _transform = transform;
    }

    /// <summary>Completes when the first complete list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached object, or null. <paramref name="ns"/> is null for cluster-scoped objects.</summary>
    public T? Get(string? ns, string name)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(new ObjectKey(string.IsNullOrEmpty(ns) ? null : ns, name));
        }
    }

    /// <summary>Cached objects in <paramref name="ns"/> (all when null) matching <paramref name="labelSelector"/> (see <see cref="LabelSelector"/>).</summary>
    public IReadOnlyList<T> List(string? ns = null, string? labelSelector = null)
    {
        var selector = LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            return [.. _items.Where(e => (ns is null || e.Key.Namespace == ns) && selector.Matches(e.Value.Metadata.Labels)).Select(e => e.Value)];
        }
    }

    /// <summary>Cached objects whose index <paramref name="indexName"/> contains <paramref name="value"/>.</summary>
    /// <exception cref="KeyNotFoundException">No index of that name was added.</exception>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new KeyNotFoundException($"The {_name} informer has no index named '{indexName}'.");
            }

            return index.Map.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Lists, then watches until <paramref name="cancellationToken"/> is cancelled. Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException($"The {_name} informer is already running.");
        }

        var failures = 0;
        var needList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(cancellationToken);
                    needList = false;
                }

                var received = await WatchAsync(cancellationToken);
                if (received > 0)
                {
                    failures = 0;
                    continue;
                }

                // A watch closed before delivering anything: pause a little so a server that drops every watch
                // at once is not hammered.
                delay = _backoff.Delay(++failures);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ResourceExpiredException ex)
            {
                needList = true;
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    _logger.LogInformation("{Informer}: resourceVersion expired ({Reason}); listing again", _name, ex.Message);
                }

                // The first expiry re-lists at once; repeated ones back off.
                delay = _backoff.Delay(failures++);
            }
            catch (Exception ex) // The cache must outlive any API failure: back off and resume.
            {
                delay = _backoff.Delay(++failures);
                if (failures == 1)
                {
                    _logger.LogWarning(ex, "{Informer}: list/watch failed; retrying in {Delay}", _name, delay);
                }
                else
                {
                    // The stack was logged on the first failure; a server that stays away should not flood the log.
                    _logger.LogWarning("{Informer}: list/watch failed ({Failures} in a row): {Error}; retrying in {Delay}", _name, failures, ex.Message, delay);
                }
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await _source.ListAsync(continueToken, _options.PageSize, cancellationToken);
            items.AddRange(page.Items.Select(_transform));
            resourceVersion ??= page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (continueToken is not null);

        IReadOnlyList<CacheDelta<T>> deltas;
        lock (_lock)
        {
            deltas = StoreDiff.Compute(_items, items);
            foreach (var delta in deltas)
            {
                Apply(delta);
            }

            _resourceVersion = resourceVersion;
        }

        Interlocked.Increment(ref _lists);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("{Informer}: listed {Count} objects at resourceVersion {ResourceVersion}, {Changes} changes", _name, items.Count, resourceVersion, deltas.Count);
        }

        _synced.TrySetResult();
        Notify(deltas);
    }

    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.WatchTimeout * (1 + _random());
        var received = 0;
        await foreach (var (type, watched) in _source.WatchAsync(ResourceVersion, timeout, cancellationToken))
        {
            var item = type == WatchEventType.Bookmark ? watched : _transform(watched);
            received++;
            CacheDelta<T>? delta = null;
            lock (_lock)
            {
                var key = ObjectKey.Of(item);
                var old = _items.GetValueOrDefault(key);
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        // A replayed event (same version) changes nothing and notifies nobody.
                        if (old is null || old.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
                        {
                            delta = new CacheDelta<T>(old is null ? DeltaType.Added : DeltaType.Updated, old, item);
                        }

                        break;
                    case WatchEventType.Deleted:
                        delta = new CacheDelta<T>(DeltaType.Deleted, old ?? item, null);
                        break;
                    case WatchEventType.Bookmark:
                        break;
                    default:
                        throw new IOException($"Unexpected watch event type {type}.");
                }

                if (delta is not null)
                {
                    Apply(delta);
                }

                if (!string.IsNullOrEmpty(item.Metadata?.ResourceVersion))
                {
                    _resourceVersion = item.Metadata.ResourceVersion;
                }
            }

            if (delta is not null)
            {
                Notify([delta]);
            }
        }

        return received;
    }

    private void Apply(CacheDelta<T> delta)
    {
        var key = ObjectKey.Of(delta.Current);
        if (delta.Old is { } old && _items.ContainsKey(key))
        {
            foreach (var index in _indexes.Values)
            {
                index.Remove(old, key);
            }
        }

        if (delta.New is { } item)
        {
            _items[key] = item;
            foreach (var index in _indexes.Values)
            {
                index.Add(item, key);
            }
        }
        else
        {
            _items.Remove(key);
        }
    }

    private void Notify(IReadOnlyList<CacheDelta<T>> deltas)
    {
        foreach (var delta in deltas)
        {
            foreach (var handler in _handlers)
            {
                try
                {
                    handler(delta);
                }
                catch (Exception ex) // A faulty handler must not stop the cache.
                {
                    var key = ObjectKey.Of(delta.Current);
                    _logger.LogError(ex, "{Informer}: a handler failed on {Delta} of {Key}", _name, delta.Type, key);
                }
            }
        }
    }

    private void ThrowIfStarted()
    {
        if (Volatile.Read(ref _started) == 1)
        {
            throw new InvalidOperationException($"Indexes and handlers must be added before the {_name} informer runs.");
        }
    }

    private sealed class Index(Func<T, IEnumerable<string>> function)
    {
        public Dictionary<string, HashSet<ObjectKey>> Map { get; } = new(StringComparer.Ordinal);

        public void Add(T item, ObjectKey key)
        {
            foreach (var value in function(item))
            {
                if (!Map.TryGetValue(value, out var keys))
                {
                    Map[value] = keys = [];
                }

                keys.Add(key);
            }
        }

        public void Remove(T item, ObjectKey key)
        {
            foreach (var value in function(item))
            {
                if (Map.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    Map.Remove(value);
                }
            }
        }
    }
}
