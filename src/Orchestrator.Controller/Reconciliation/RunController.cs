using System.Diagnostics;
using k8s;
using Orchestrator.Api;
using Orchestrator.Controller.Metrics;
using Orchestrator.Controller.Timers;
using Orchestrator.Core.Reconcile;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Kubernetes.Events;
using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// The TrainingRun controller: caches feed a deduplicating work queue; each key is reconciled level-based by
/// <see cref="RunReconciler"/> (pure), its actions applied idempotently, and its status written once.
/// Runs the same in-process (tests, the demo) and as the controller process.
/// </summary>
public sealed class RunController : IDisposable
{
    private readonly ReconcileSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterCaches _caches;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly ActionApplier _applier;
    private readonly CreateRejections _rejections = new();
    private readonly StatusWriter _status;
    private readonly ControllerMetrics _metrics;
    private readonly int _workers;
    private readonly EventRecorder _recorder;
    private readonly ILoggerFactory _loggers;
    private readonly Retention.RetentionSweeper? _retention;
    private readonly TimeSpan _retentionInterval;
    private readonly IKubernetes _client;
    private readonly ApiCalls _api;
    private RunTimers? _timers;

    public RunController(IKubernetes client, ControllerRuntime runtime)
    {
        _client = client;
        _settings = runtime.Settings;
        _time = runtime.Time;
        _logger = runtime.Loggers.CreateLogger<RunController>();
        _metrics = runtime.Metrics;
        _workers = runtime.Workers;
        _caches = new ClusterCaches(client, _time, runtime.Loggers, _settings.Signals);
        _queue = new WorkQueue<ObjectKey>(_time, logger: runtime.Loggers.CreateLogger("workqueue"));
        _caches.Changed = Enqueue;
        _recorder = new EventRecorder(client, new EventRecorderOptions { Component = "orchestrator-controller" }, _time, runtime.Loggers.CreateLogger("events"));
        var api = new ApiCalls(runtime.ApiRetry, _time, _metrics);
        _api = api;
        _status = new StatusWriter(client, api);
        _applier = new ActionApplier(client, api, runtime.Events ?? new RecorderEventSink(_recorder), _rejections, runtime.Time);
        _loggers = runtime.Loggers;
        _retentionInterval = runtime.RetentionSweepInterval;
        if (_retentionInterval > TimeSpan.Zero)
        {
            _retention = new Retention.RetentionSweeper(runtime.StoreSettings, _metrics, runtime.Loggers.CreateLogger<Retention.RetentionSweeper>());
        }
    }

    /// <summary>The name of the retention sweep's periodic timer.</summary>
    internal const string RetentionSweepTimer = "retention-sweep";

    /// <summary>The run as this controller's cache has it (which lags the API server by a watch event).</summary>
    internal TrainingRun? CachedRun(string? ns, string name) => _caches.Runs.Get(ns, name);

    /// <summary>The timers of the current <see cref="RunAsync"/>, null outside it.</summary>
    internal RunTimers? Timers => _timers;

    /// <summary>True once every cache has its first complete list.</summary>
    public bool HasSynced => _caches.HasSynced;

    /// <summary>Starts the caches, waits for them to sync, then reconciles until cancelled.</summary>
    /// <exception cref="UnsupportedKubernetesException">The server is older than <see cref="Core.Compatibility.KubernetesVersionFloor"/>.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        // Before anything is created: on an older server the agent sidecar would silently become a blocking init container.
        var version = await _api.RunAsync(t => _client.Version.GetCodeAsync(t), ct);
        if (Core.Compatibility.KubernetesVersionFloor.Refusal(version.Major, version.Minor, version.GitVersion) is { } refusal)
        {
            throw new UnsupportedKubernetesException(refusal);
        }

        var informers = _caches.Start(ct).ToList();
        await _caches.WaitForSyncAsync(ct);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Caches synced: {Runs} TrainingRuns, {Jobs} Jobs, {Pods} pods, {Nodes} nodes", _caches.Runs.Count, _caches.Jobs.Count, _caches.Pods.Count, _caches.Nodes.Count);
        }

        // The schedule lives only in memory: reconciling every run once below rebuilds it from the runs' status.
        var timers = await RunTimers.StartAsync(_time, key => Enqueue(key, ChangeSources.Timer, urgent: false), _loggers, ct);
        _timers = timers;
        if (_retention is { } retention)
        {
            await timers.AddPeriodicAsync(RetentionSweepTimer, _retentionInterval, async t =>
            {
                var runs = _caches.Runs.List().ToList();
                retention.Retain(runs);
                await retention.SweepAsync(runs, t);
            }, ct);
        }

        foreach (var run in _caches.Runs.List())
        {
            Enqueue(ObjectKey.Of(run), ChangeSources.Startup, urgent: false);
        }

        try
        {
            await _queue.RunWorkersAsync(_workers, ReconcileAsync, ct);
        }
        finally
        {
            _timers = null;
            await timers.DisposeAsync();
            await Task.WhenAll(informers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>
    /// Queues a run: a preemption signal in the urgent lane (taken before any ordinary key), everything else in the
    /// ordinary lane. Counted by source, which is how the steady-state load can be explained.
    /// </summary>
    private void Enqueue(ObjectKey key, string source, bool urgent)
    {
        _metrics.QueueAdds.WithLabels(source, urgent ? "urgent" : "ordinary").Inc();
        if (urgent)
        {
            _queue.AddUrgent(key);
        }
        else
        {
            _queue.Add(key);
        }
    }

    private async Task<TimeSpan?> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var requeue = await ReconcileOnceAsync(key, ct);
            var now = await SetTimerAsync(key, requeue, ct);
            _metrics.Reconciles.WithLabels(requeue is null ? "success" : "requeue").Inc();
            return now;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _metrics.Reconciles.WithLabels("error").Inc();
            _metrics.QueueRetries.Inc();
            if (!ApiErrors.IsConflict(e))
            {
                _logger.LogWarning(e, "Reconcile of {Run} failed; retrying with backoff", key);
            }
            else if (_logger.IsEnabled(LogLevel.Information))
            {
                // Optimistic concurrency at work (someone wrote the object since our cache saw it): no stack, no alarm.
                _logger.LogInformation("Reconcile of {Run} raced another write (409 Conflict); retrying on the newer version", key);
            }

            throw;
        }
        finally
        {
            _metrics.ReconcileDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            _metrics.QueueDepth.Set(_queue.Count);
        }
    }

    private async Task<TimeSpan?> ReconcileOnceAsync(ObjectKey key, CancellationToken ct)
    {
        var cached = _caches.Runs.Get(key.Namespace, key.Name);
        if (cached is null)
        {
            return null;
        }

        var run = ObjectCopy.Clone(cached);
        var jobs = _caches.JobsOf(key.Namespace, run.Metadata.Name);
        var pods = _caches.PodsOf(key.Namespace, run.Metadata.Name);
        var nodes = _caches.NodesOf(pods);
        var evictions = new Dictionary<string, Core.Preemption.KueueEviction>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (_caches.Eviction(key.Namespace, job.Metadata.Name) is { } eviction)
            {
                evictions[job.Metadata.Name] = eviction;
            }
        }

        var workloads = new Dictionary<string, Core.Preemption.KueueWorkloadState>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (_caches.WorkloadState(key.Namespace, job.Metadata.Name) is { } state)
            {
                workloads[job.Metadata.Name] = state;
            }
        }

        var ns = key.Namespace ?? "default";
        var refused = _rejections.For(ns, (run.Status?.Attempts ?? []).Select(a => a.JobName));
        var snapshot = new RunSnapshot(run, jobs, pods, nodes, evictions, _time.GetUtcNow(), workloads, _caches.FlavorMap(), refused);
        var result = RunReconciler.Reconcile(snapshot, _settings);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Reconcile of {Run}: phase {Phase}, actions {Actions}", key, result.Status.Phase, string.Join(", ", result.Actions.Select(a => a.ToString())));
        }

        if (result.Actions.Any(a => a is RemoveFinalizer))
        {
            await _applier.ApplyAsync(run, result.Actions, ct);
            return null;
        }

        // The decision is recorded before it is acted on: a status write that loses a race (409) throws here, before
        // any Job is created or deleted, so the retry decides again from fresh state instead of finding its own
        // side effects unexplained (a Job it deleted itself would read as "vanished"). What fails after the write is
        // repaired by the next reconcile: a missing Job is created again, a Job of an ended attempt deleted again.
        var written = await _applier.ApplyAsync(run, [.. result.Actions.OfType<AddFinalizer>()], ct);
        await _status.WriteAsync(written, result.Status, ct);
        await _applier.ApplyAsync(written, [.. result.Actions.Where(a => a is not AddFinalizer)], ct);
        _metrics.Observe(run, cached.Status, result.Status);
        UpdatePhaseGauge();

        // A create the server refused just now: look again at once, so the status says why rather than Queued.
        return result.Actions.OfType<CreateJob>().Any(c => !refused.ContainsKey(c.Job.Metadata.Name) && _rejections.Has(ns, c.Job.Metadata.Name))
            ? TimeSpan.Zero
            : result.RequeueAfter;
    }

    /// <summary>
    /// Turns Core's "look again after" into the run's one Quartz trigger, replacing the previous one. "Now" goes back
    /// to the queue directly (it is not a timer); no time at all (a finished run, a run gone) removes the trigger.
    /// </summary>
    private async Task<TimeSpan?> SetTimerAsync(ObjectKey key, TimeSpan? requeueAfter, CancellationToken ct)
    {
        if (requeueAfter is not { } delay)
        {
            await CancelTimerAsync(key, ct);
            return null;
        }

        if (delay <= TimeSpan.Zero || _timers is not { } timers)
        {
            return delay;
        }

        await timers.ScheduleAsync(key, _time.GetUtcNow() + delay, ct);
        return null;
    }

    private async Task CancelTimerAsync(ObjectKey key, CancellationToken ct)
    {
        if (_timers is { } timers)
        {
            await timers.CancelAsync(key, ct);
        }
    }

    private void UpdatePhaseGauge()
    {
        // Runs every reconcile over every cached run: a plain count, no grouping or allocation per run.
        var counts = new int[Enum.GetValues<RunPhase>().Length];
        foreach (var run in _caches.Runs.List())
        {
            counts[(int)(run.Status?.Phase ?? RunPhase.Pending)]++;
        }

        foreach (var phase in Enum.GetValues<RunPhase>())
        {
            _metrics.Runs.WithLabels(phase.ToString()).Set(counts[(int)phase]);
        }
    }

    public void Dispose()
    {
        _queue.Dispose();

        // Flushing the last Events is best effort and must not hold up a stopping controller.
        _ = _recorder.DisposeAsync().AsTask();
    }
}
