using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Orchestrator.Kubernetes.Caching;

namespace Orchestrator.Kubernetes.Tests.Caching;

/// <summary>
/// A fake, in-memory list+watch source for unit tests of the informer's own logic (paging, replay, backoff).
/// The real source is tested against the sandbox API server.
/// </summary>
internal sealed class InMemoryListWatchSourceFake : IListWatchSource<V1Pod>
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, V1Pod> _objects = new(StringComparer.Ordinal);
    private Channel<Func<ResourceEvent<V1Pod>>>? _watch;
    private long _version;

    /// <summary>When false, changes are stored but not sent to the open watch: events the informer misses.</summary>
    public bool DeliverEvents { get; set; } = true;

    /// <summary>The next this many list calls fail.</summary>
    public int FailingLists { get; set; }

    public int ListCalls { get; private set; }

    public List<string> WatchesFrom { get; } = [];

    public bool IsWatching
    {
        get
        {
            lock (_lock)
            {
                return _watch is not null;
            }
        }
    }

    public V1Pod Set(V1Pod pod)
    {
        lock (_lock)
        {
            var copy = ObjectCopy.Clone(pod);
            copy.Metadata.ResourceVersion = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var type = _objects.ContainsKey(copy.Metadata.Name) ? WatchEventType.Modified : WatchEventType.Added;
            _objects[copy.Metadata.Name] = copy;
            Send(() => new ResourceEvent<V1Pod>(type, copy));
            return copy;
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            if (_objects.Remove(name, out var old))
            {
                ++_version;
                Send(() => new ResourceEvent<V1Pod>(WatchEventType.Deleted, old));
            }
        }
    }

    public void Bookmark()
    {
        lock (_lock)
        {
            var rv = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Send(() => new ResourceEvent<V1Pod>(WatchEventType.Bookmark, new V1Pod { Metadata = new V1ObjectMeta { ResourceVersion = rv } }));
        }
    }

    public void ExpireWatch() => SendAlways(() => throw new ResourceExpiredException("fake 410"));

    public void BreakWatch() => SendAlways(() => throw new IOException("fake connection reset"));

    public void CloseWatch()
    {
        lock (_lock)
        {
            _watch?.Writer.TryComplete();
            _watch = null;
        }
    }

    public Task<ListPage<V1Pod>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ListCalls++;
            if (FailingLists > 0)
            {
                FailingLists--;
                throw new HttpRequestException("fake list failure");
            }

            var start = continueToken is null ? 0 : int.Parse(continueToken, System.Globalization.CultureInfo.InvariantCulture);
            var all = _objects.Values.ToList();
            var page = all.Skip(start).Take(limit).ToList();
            var next = start + page.Count < all.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new ListPage<V1Pod>(page, _version.ToString(System.Globalization.CultureInfo.InvariantCulture), next));
        }
    }

    public async IAsyncEnumerable<ResourceEvent<V1Pod>> WatchAsync(string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<Func<ResourceEvent<V1Pod>>>();
        lock (_lock)
        {
            WatchesFrom.Add(resourceVersion);
            _watch = channel;
        }

        try
        {
            await foreach (var next in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return next();
            }
        }
        finally
        {
            lock (_lock)
            {
                if (_watch == channel)
                {
                    _watch = null;
                }
            }
        }
    }

    private void Send(Func<ResourceEvent<V1Pod>> next)
    {
        if (DeliverEvents)
        {
            _watch?.Writer.TryWrite(next);
        }
    }

    private void SendAlways(Func<ResourceEvent<V1Pod>> next)
    {
        lock (_lock)
        {
            _watch?.Writer.TryWrite(next);
        }
    }
}
