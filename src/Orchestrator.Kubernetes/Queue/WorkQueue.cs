using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Kubernetes.Queue;

/// <summary>
/// A rate-limited work queue of keys, with the guarantees controllers rely on (as client-go's workqueue):
/// <list type="bullet">
/// <item>a key added several times before a worker takes it is processed once;</item>
/// <item>a key is never processed by two workers at once: re-added while processing, it is processed again after <see cref="Done"/>;</item>
/// <item><see cref="AddRateLimited"/> delays a key by its own exponential backoff until <see cref="Forget"/>;</item>
/// <item><see cref="AddAfter"/> waits on the injected <see cref="TimeProvider"/>;</item>
/// <item><see cref="ShutDownAsync"/> can drain: keys already queued are still processed, new adds are ignored.</item>
/// <item>two lanes: keys added with <see cref="AddUrgent"/> are taken before every key of the ordinary lane (FIFO within
/// each lane); a key waiting in the ordinary lane that becomes urgent moves up, keeping one place in the queue.</item>
/// </list>
/// Use it through <see cref="RunWorkersAsync"/>, or drive it by hand with <see cref="GetAsync"/> and <see cref="Done"/>.
/// </summary>
/// <typeparam name="TKey">The key type, e.g. a namespace/name record. Equality decides deduplication.</typeparam>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue; the name every Kubernetes controller reader expects.")]
public sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    private readonly Lock _lock = new();
    // The ordinary lane holds (key, ticket) entries; an entry counts only while its ticket is the key's current one in
    // _ordinary, so moving a key up to the urgent lane is O(1): its ordinary entry goes stale and is skipped when reached.
    private readonly Queue<(TKey Key, long Ticket)> _queue = new();
    private readonly Dictionary<TKey, long> _ordinary = [];
    private readonly Queue<TKey> _urgentQueue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _urgent = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly ExponentialBackoff _backoff;
    private readonly ILogger _logger;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;
    private long _tickets;

    /// <param name="time">Clock for <see cref="AddAfter"/> and backoff timers.</param>
    /// <param name="backoff">Per-key failure backoff; <see cref="ExponentialBackoff.Default"/> when null.</param>
    /// <param name="logger">Where failures of <see cref="RunWorkersAsync"/>'s callback are logged.</param>
    public WorkQueue(TimeProvider time, ExponentialBackoff? backoff = null, ILogger? logger = null)
    {
        _time = time;
        _backoff = backoff ?? ExponentialBackoff.Default();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Keys ready to be taken (the queue depth metric). Excludes keys waiting on a delay and keys being processed.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return ReadyLocked;
            }
        }
    }

    /// <summary>Keys ready in the urgent lane (a subset of <see cref="Count"/>).</summary>
    public int UrgentCount
    {
        get
        {
            lock (_lock)
            {
                return _urgentQueue.Count;
            }
        }
    }

    /// <summary>Keys waiting on a delay (<see cref="AddAfter"/>, <see cref="AddRateLimited"/>).</summary>
    public int Delayed
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDownAsync"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> now, unless it is already queued. Ignored after shutdown.</summary>
    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key, urgent: false);
        }
    }

    /// <summary>
    /// Queues <paramref name="key"/> in the urgent lane, taken before any ordinary key (e.g. a preemption signal must not
    /// wait behind timed re-checks). A key already queued in the ordinary lane moves up; a key being processed is
    /// processed again after <see cref="Done"/>, urgently. Ignored after shutdown.
    /// </summary>
    public void AddUrgent(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key, urgent: true);
        }
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>. If the key is already waiting, the earlier time wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => Fire(key), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its backoff: one more failure than last time. Reset it with <see cref="Forget"/>.</summary>
    public void AddRateLimited(TKey key)
    {
        int failures;
        lock (_lock)
        {
            failures = _failures.TryGetValue(key, out var n) ? n + 1 : 1;
            _failures[key] = failures;
        }

        AddAfter(key, _backoff.Delay(failures));
    }

    /// <summary>Clears the failure count of <paramref name="key"/>: its next <see cref="AddRateLimited"/> starts from the initial delay.</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many consecutive failures <paramref name="key"/> has had since it was last forgotten.</summary>
    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as processing. Returns <see cref="Dequeued{TKey}.ShutDown"/> once the queue
    /// is shut down and (when draining) empty.
    /// </summary>
    public async Task<Dequeued<TKey>> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (TryTakeLocked(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    _urgent.Remove(key);
                    return new Dequeued<TKey>(false, key);
                }

                if (_shuttingDown)
                {
                    // Pass the wake-up on so every other waiting worker also sees the shutdown.
                    _available.Release();
                    return new Dequeued<TKey>(true, default!);
                }
            }
        }
    }

    /// <summary>Marks <paramref name="key"/> as finished; if it was added again meanwhile, it is queued now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                EnqueueLocked(key, _urgent.Contains(key));
            }

            CompleteDrainIfIdleLocked();
        }
    }

    /// <summary>
    /// Stops accepting keys and cancels pending delays. With <paramref name="drain"/>, the returned task
    /// completes when every key already queued has been processed; without it, workers stop after their
    /// current key and queued keys are dropped.
    /// </summary>
    public Task ShutDownAsync(bool drain = true)
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var (_, waiting) in _waiting)
            {
                waiting.Timer.Dispose();
            }

            _waiting.Clear();
            if (!drain)
            {
                _queue.Clear();
                _ordinary.Clear();
                _urgentQueue.Clear();
                _dirty.Clear();
                _urgent.Clear();
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _available.Release();
            CompleteDrainIfIdleLocked();
            return _drained.Task;
        }
    }

    /// <summary>
    /// Runs <paramref name="workers"/> loops that take keys and call <paramref name="process"/>, until the queue shuts
    /// down. <paramref name="process"/> returns null when the key is done (its backoff is forgotten), or a delay after
    /// which to look again ("requeue after"). An exception requeues the key with backoff.
    /// <para>
    /// Two ways to stop: <see cref="ShutDownAsync"/> with drain processes what is queued first (a graceful stop);
    /// cancelling <paramref name="cancellationToken"/> (e.g. leadership lost) drops queued keys, lets the keys in
    /// hand finish (the token is passed to <paramref name="process"/>), and returns.
    /// </para>
    /// </summary>
    public async Task RunWorkersAsync(int workers, Func<TKey, CancellationToken, Task<TimeSpan?>> process, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        using var registration = cancellationToken.Register(() => _ = ShutDownAsync(drain: false));
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerLoopAsync(process, cancellationToken), CancellationToken.None));
        await Task.WhenAll(loops);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ = ShutDownAsync(drain: false);
        _available.Dispose();
    }

    private async Task WorkerLoopAsync(Func<TKey, CancellationToken, Task<TimeSpan?>> process, CancellationToken cancellationToken)
    {
        while (true)
        {
            var item = await GetAsync(CancellationToken.None);
            if (item.ShutDown)
            {
                return;
            }

            try
            {
                var requeueAfter = await process(item.Key, cancellationToken);
                Forget(item.Key);
                if (requeueAfter is { } delay)
                {
                    AddAfter(item.Key, delay);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the key is dropped with the rest of the queue.
            }
            catch (Exception ex) // A worker must survive any failure of one key; the key is retried with backoff.
            {
                // Debug only: the handler knows what the failure means and reports it to the user (RunController does).
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    _logger.LogDebug(ex, "Processing {Key} failed (attempt {Attempt}); requeueing with backoff", item.Key, NumRequeues(item.Key) + 1);
                }
                AddRateLimited(item.Key);
            }
            finally
            {
                Done(item.Key);
            }
        }
    }

    private void Fire(TKey key)
    {
        lock (_lock)
        {
            if (_waiting.Remove(key, out var waiting))
            {
                waiting.Timer.Dispose();
            }

            AddLocked(key, urgent: false);
        }
    }

    private int ReadyLocked => _urgentQueue.Count + _ordinary.Count;

    private void AddLocked(TKey key, bool urgent)
    {
        if (_shuttingDown)
        {
            return;
        }

        if (!_dirty.Add(key))
        {
            // Already waiting (queued, or to be queued after Done): only its lane can change, and only upwards.
            if (urgent && _urgent.Add(key) && _ordinary.Remove(key))
            {
                // Moved up: the ordinary entry goes stale; still one ready key, so no extra wake-up.
                _urgentQueue.Enqueue(key);
            }

            return;
        }

        if (urgent)
        {
            _urgent.Add(key);
        }

        if (_processing.Contains(key))
        {
            return;
        }

        EnqueueLocked(key, urgent);
    }

    private void EnqueueLocked(TKey key, bool urgent)
    {
        if (urgent)
        {
            _urgentQueue.Enqueue(key);
        }
        else
        {
            var ticket = ++_tickets;
            _ordinary[key] = ticket;
            _queue.Enqueue((key, ticket));
        }

        _available.Release();
    }

    private bool TryTakeLocked(out TKey key)
    {
        if (_urgentQueue.TryDequeue(out key!))
        {
            return true;
        }

        while (_queue.TryDequeue(out var entry))
        {
            if (_ordinary.TryGetValue(entry.Key, out var ticket) && ticket == entry.Ticket)
            {
                _ordinary.Remove(entry.Key);
                key = entry.Key;
                return true;
            }
        }

        key = default!;
        return false;
    }

    private void CompleteDrainIfIdleLocked()
    {
        if (_shuttingDown && ReadyLocked == 0 && _processing.Count == 0)
        {
            _drained?.TrySetResult();
        }
    }
}
