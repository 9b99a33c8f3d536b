using System.Collections.Concurrent;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Controller.Metrics;

namespace Orchestrator.Controller.Retention;

/// <summary>
/// Prunes the checkpoints of runs that no longer run (Succeeded, Failed, Suspended) to their <c>spec.checkpoint.keep</c>
/// newest, with the same protocol as the agent (<see cref="CheckpointRetention"/>: manifest first, then files, then
/// leftovers of uploads that never committed). While a run runs, its agent prunes; once it stops, nothing else would.
/// Storage access is the controller's own (<see cref="StoreSettings"/> from its environment: ORCH_* variables, SDK
/// credentials, workload identity) plus the run's <c>spec.checkpoint.storage.s3</c> client options; a store the
/// controller cannot reach is reported once per location and skipped, and tried again at the next sweep.
/// </summary>
internal sealed class RetentionSweeper(StoreSettings settings, ControllerMetrics metrics, ILogger logger)
{
    private readonly Redactor _redactor = new(settings.Secrets);

    /// <summary>Per run uid, what the last successful sweep saw: a run is pruned again only when that changes.</summary>
    private readonly ConcurrentDictionary<string, string> _swept = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _reportedLocations = new(StringComparer.Ordinal);

    /// <summary>Prunes every stopped run of <paramref name="runs"/> that changed since it was last pruned; returns the ids deleted per run.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> SweepAsync(IEnumerable<TrainingRun> runs, CancellationToken ct)
    {
        var deleted = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            ct.ThrowIfCancellationRequested();
            if (!IsStopped(run) || run.Spec.Checkpoint.Storage.Uri is not { Length: > 0 } uri)
            {
                continue;
            }

            var keep = run.Spec.Checkpoint.Keep ?? Defaults.Keep;
            var uid = run.Metadata.Uid ?? $"{run.Metadata.NamespaceProperty}/{run.Metadata.Name}";
            var seen = $"{uri}|{keep}|{run.Status?.LastCheckpoint?.Id}";
            if (_swept.TryGetValue(uid, out var last) && last == seen)
            {
                continue;
            }

            var ids = await PruneAsync(run, uri, Math.Max(1, keep), ct);
            if (ids is not null)
            {
                _swept[uid] = seen;
                deleted[$"{run.Metadata.NamespaceProperty}/{run.Metadata.Name}"] = ids;
            }
        }

        return deleted;
    }

    /// <summary>Forgets runs that no longer exist, so the memory of sweeps stays bounded by the runs in the cluster.</summary>
    public void Retain(IEnumerable<TrainingRun> runs)
    {
        var live = runs.Select(r => r.Metadata.Uid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var uid in _swept.Keys.Where(k => !live.Contains(k)))
        {
            _swept.TryRemove(uid, out _);
        }
    }

    private static bool IsStopped(TrainingRun run) =>
        run.Metadata.DeletionTimestamp is null && run.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed or RunPhase.Suspended;

    private async Task<IReadOnlyList<string>?> PruneAsync(TrainingRun run, string uri, int keep, CancellationToken ct)
    {
        StorageUri location;
        try
        {
            location = StorageUri.Parse(uri);
        }
        catch (ArgumentException e)
        {
            ReportOnce(uri, e, "its storage URI is not valid");
            return null;
        }

        try
        {
            using var store = CheckpointStores.Open(location, SettingsFor(run), logger);
            var layout = new CheckpointLayout(run.Metadata.NamespaceProperty ?? "default", run.Metadata.Name);
            var ids = await new CheckpointRetention(store, layout, logger).PruneAsync(keep, ct);
            metrics.RetentionDeleted.Inc(ids.Count);
            if (ids.Count > 0 && logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Retention of {Namespace}/{Run}: deleted {Count} checkpoints beyond keep {Keep} from {Location}", run.Metadata.NamespaceProperty, run.Metadata.Name, ids.Count, keep, location.Display);
            }

            return ids;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.RetentionFailures.Inc();
            ReportOnce(location.Display, e, "the controller could not reach it with its own storage access (see docs/controller.md, Retention)");
            return null;
        }
    }

    private StoreSettings SettingsFor(TrainingRun run) =>
        run.Spec.Checkpoint.Storage.S3 is not { } s3
            ? settings
            : settings with
            {
                S3 = settings.S3 with
                {
                    Endpoint = s3.Endpoint ?? settings.S3.Endpoint,
                    Region = s3.Region ?? settings.S3.Region,
                    ForcePathStyle = s3.ForcePathStyle ?? settings.S3.ForcePathStyle,
                    ChecksumMode = s3.ChecksumMode ?? settings.S3.ChecksumMode,
                    ChunkEncoding = s3.ChunkEncoding ?? settings.S3.ChunkEncoding,
                },
            };

    private void ReportOnce(string location, Exception e, string why)
    {
        if (_reportedLocations.TryAdd(location, true))
        {
            logger.LogWarning("Retention sweep skips runs stored at {Location}: {Why}: {Error}", location, why, _redactor.Redact(e.Message));
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Retention sweep skipped {Location} again: {Error}", location, _redactor.Redact(e.Message));
        }
    }
}
