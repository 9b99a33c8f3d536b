using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// <c>trainctl agent sidecar</c>: uploads every checkpoint folder the trainer marks finished, commits it
/// (rank 0, once all ranks are up), reports it, prunes old ones, and passes the controller's save
/// requests to the trainer (in a gang, after the ranks agreed on the step to save: <see cref="SaveAgreement"/>).
/// The stopping token (SIGTERM) starts a drain: finished checkpoints are still uploaded until none is left and
/// the trainer is not mid-save, or the grace runs out.
/// </summary>
public sealed class SidecarCommand(AgentOptions options, ICheckpointStore store, IPodChannel channel, TimeProvider time, ILogger logger)
{
    private const int MaxTries = 3;

    /// <summary>While a requested save is due, finished folders are looked for this often: the notice window is short.</summary>
    private static readonly TimeSpan SaveDuePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>A gang's rank 0 looks for the other ranks' parts at most this often.</summary>
    private static readonly TimeSpan MaxCommitPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>How often rank 0 passes the trainer's progress up: often enough for an ETA, rare enough for the API server.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private readonly TrainerFiles _files = new(options.Dir);
    private readonly CheckpointLayout _layout = new(options.Namespace, options.Run);
    private readonly Dictionary<long, StepState> _steps = [];
    private readonly Lock _requestLock = new();
    private readonly SaveRequestBoard _board = new(store, new CheckpointLayout(options.Namespace, options.Run), logger);
    private readonly HashSet<string> _unagreed = new(StringComparer.Ordinal);
    private readonly ProgressReporter _progress = new(new TrainerFiles(options.Dir), channel, time, ProgressEvery);
    private string? _lastRequestId;
    private string? _unansweredRequestId;
    private CancellationToken _agreementsStop;
    private long? _agreedStep;

    /// <summary>The attempt's SIGTERM agreement has been passed on (at most once per attempt).</summary>
    private bool _terminationPassed;

    /// <summary>Timestamp until which a requested save is due (the scan polls fast), 0 when none is.</summary>
    private long _saveDueUntil;
    private Task _agreement = Task.CompletedTask;

    /// <summary>The newest request passed on; an agreement in progress watches it to see whether it was superseded.</summary>
    private SaveRequest? _newestRequest;

    /// <summary>Rank &gt; 0: a request this rank's part answered, reported once rank 0 has committed the checkpoint.</summary>
    private (string CheckpointId, string RequestId)? _awaitingCommit;

    public async Task<int> RunAsync(CancellationToken stopping, CancellationToken hardStop)
    {
        Directory.CreateDirectory(_files.ControlDir);
        if (TrainerFiles.ReadJson<RestoreInfo>(_files.RestoreInfoPath) is { } restored)
        {
            // The restored folder carries its own .finished marker; it is already committed.
            State(restored.Step).Done = true;
        }

        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(stopping, hardStop);
        _agreementsStop = watchStop.Token;
        var watch = channel.WatchSaveRequestsAsync(PassSaveRequestAsync, watchStop.Token);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await WatchTerminationAsync(hardStop);
                await ScanAsync(hardStop);
                await DelayAsync(stopping);
            }

            logger.Draining();
            while (true)
            {
                var worked = await ScanAsync(hardStop);
                if (!worked && !TrainerIsSaving())
                {
                    return 0;
                }

                if (!worked)
                {
                    await Task.Delay(options.PollInterval, time, hardStop);
                }
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            logger.GraceExpired();
            return 1;
        }
        finally
        {
            await watchStop.CancelAsync();
            await watch;
            await _agreement;
        }
    }

    /// <summary>
    /// A bare SIGTERM in a gang (a node drain, consolidation, graceful node shutdown, an eviction: no save request
    /// first): the trainer that got it pauses with <c>"terminating": true</c> in its step file. Its agent announces it
    /// in the store and every agent, this one included, runs the usual agreement under the attempt's termination
    /// request id, so the ranks save one step and rank 0 commits it. A rank whose node stays saves that step and trains on.
    /// </summary>
    private async Task WatchTerminationAsync(CancellationToken cancellationToken)
    {
        if (options.WorldSize == 1 || _terminationPassed)
        {
            return;
        }

        try
        {
            var local = TrainerFiles.ReadJson<TrainerStep>(_files.StepPath) is { Terminating: true };
            if (local)
            {
                await _board.AnnounceTerminationAsync(options.Attempt, cancellationToken);
            }
            else if (!await _board.IsTerminationAnnouncedAsync(options.Attempt, cancellationToken))
            {
                return;
            }

            _terminationPassed = true;
            var id = SaveRequestBoard.TerminationRequestId(options.Attempt);
            logger.TerminationAgreement(id, local ? "this rank's trainer got SIGTERM" : "another rank's trainer got SIGTERM");
            await PassSaveRequestAsync(new SaveRequest(id, "sigterm"));
        }
        catch (Exception e) when (e is CheckpointStorageException or IOException or System.Text.Json.JsonException)
        {
            // Looked at again on the next poll; the trainer waits for a bounded time, then saves alone.
            logger.AgreementFailed(SaveRequestBoard.TerminationRequestId(options.Attempt), e.Message);
        }
    }

    /// <summary>Uploads what is finished and not yet up. True when there was anything to do.</summary>
    private async Task<bool> ScanAsync(CancellationToken cancellationToken)
    {
        await ReportWhenCommittedAsync(cancellationToken);
        if (options.Rank == 0)
        {
            await ReportAsync("the trainer's progress", _progress.ReportIfDueAsync, cancellationToken);
        }

        var pending = FinishedSteps().Where(s => !State(s.Step).Done).OrderBy(s => s.Step).ToList();
        if (pending.Count == 0)
        {
            return false;
        }

        if (options.WorldSize == 1 && pending.Count > 1)
        {
            // A single worker needs only the newest; in a gang every rank must upload the same steps.
            var newest = pending[^1];
            foreach (var old in pending[..^1])
            {
                logger.SkippedOlder(old.Step, newest.Step);
                _unansweredRequestId = ReadMarker(old.Folder)?.RequestId ?? _unansweredRequestId;
                State(old.Step).Done = true;
            }

            pending = [newest];
        }

        foreach (var (step, folder) in pending)
        {
            var state = State(step);
            try
            {
                await UploadAsync(step, folder, state, cancellationToken);
                state.Done = true;
                CleanLocalBefore(step);
            }
            catch (CheckpointFencedException)
            {
                // A later attempt owns the run now: nothing this agent commits would be restored.
                state.Done = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                state.Failures++;
                logger.UploadFailed(step, state.Failures, e.Message);
                if (state.Failures >= MaxTries)
                {
                    logger.GivingUp(step, state.Failures);
                    state.Done = true;
                }
            }
        }

        return true;
    }

    private async Task UploadAsync(long step, string folder, StepState state, CancellationToken cancellationToken)
    {
        var checkpoint = new CheckpointRef(step, options.Attempt);
        var writer = new CheckpointWriter(store, _layout, time, logger) { RankPollInterval = options.PollInterval };
        if (await writer.IsCommittedAsync(checkpoint.Id, cancellationToken))
        {
            return;
        }

        var requestId = ReadMarker(folder)?.RequestId ?? _unansweredRequestId;
        if (requestId is not null && requestId == _lastRequestId)
        {
            Interlocked.Exchange(ref _saveDueUntil, 0);
        }

        if (!state.RankUploaded)
        {
            await writer.UploadRankAsync(folder, checkpoint, options.Rank, requestId, cancellationToken);
            state.RankUploaded = true;
        }

        if (options.Rank == 0)
        {
            var manifest = await CommitAsync(writer, checkpoint, requestId, cancellationToken);
            var status = StatusOf(manifest);
            await ReportAsync("the committed checkpoint", ct => channel.ReportCommittedAsync(status, ct), cancellationToken);
            await PruneAsync(manifest.Step, requestId, cancellationToken);
        }
        else if (requestId is not null)
        {
            // The controller takes any pod's answer as the save being done: a rank > 0 answers once rank 0 has committed.
            _awaitingCommit = (checkpoint.Id, requestId);
            await ReportWhenCommittedAsync(cancellationToken);
            return;
        }

        if (requestId is not null)
        {
            await ReportAsync("the answered save request", ct => channel.ReportSaveCompletedAsync(requestId, ct), cancellationToken);
            if (requestId == _unansweredRequestId)
            {
                _unansweredRequestId = null;
            }
        }
    }

    /// <summary>
    /// Rank 0 waits for the other ranks' parts up to the commit timeout, but stops waiting for a step the other ranks
    /// will not save, so it does not hold up newer checkpoints: one saved after a failed agreement, and one the missing
    /// ranks went past (they upload in step order, so a part of a newer step means they skipped this one: a newer
    /// request replaced the one it answered before they agreed).
    /// </summary>
    private async Task<CheckpointManifest> CommitAsync(CheckpointWriter writer, CheckpointRef checkpoint, string? requestId, CancellationToken cancellationToken)
    {
        if (options.WorldSize == 1)
        {
            return await writer.CommitAsync(checkpoint, 1, requestId, options.CommitTimeout, cancellationToken);
        }

        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return await writer.CommitAsync(checkpoint, options.WorldSize, requestId, TimeSpan.Zero, cancellationToken);
            }
            catch (TimeoutException e)
            {
                var why = requestId is not null && IsUnagreed(requestId) ? "the ranks did not agree on this step"
                    : await MissingRanksWentPastAsync(checkpoint, cancellationToken) ? "the missing ranks uploaded a newer step instead"
                    : time.GetElapsedTime(started) >= options.CommitTimeout ? Invariant($"waited {options.CommitTimeout.TotalSeconds:0}s")
                    : null;
                if (why is not null)
                {
                    throw new TimeoutException($"{e.Message.Replace(" within 0s", "", StringComparison.Ordinal)} ({why})", e);
                }
            }

            await Task.Delay(options.PollInterval < MaxCommitPoll ? options.PollInterval : MaxCommitPoll, time, cancellationToken);
        }
    }

    private async Task<bool> MissingRanksWentPastAsync(CheckpointRef checkpoint, CancellationToken cancellationToken)
    {
        var newer = FinishedSteps().Where(f => f.Step > checkpoint.Step).Select(f => new CheckpointRef(f.Step, options.Attempt)).ToList();
        if (newer.Count == 0)
        {
            return false;
        }

        for (var rank = 1; rank < options.WorldSize; rank++)
        {
            if (await store.GetSizeAsync(_layout.RankManifestKey(checkpoint.Id, rank), cancellationToken) is not null)
            {
                continue;
            }

            var wentPast = false;
            foreach (var later in newer)
            {
                if (await store.GetSizeAsync(_layout.RankManifestKey(later.Id, rank), cancellationToken) is not null)
                {
                    wentPast = true;
                    break;
                }
            }

            if (!wentPast)
            {
                return false;
            }
        }

        return true;
    }

    private async Task ReportWhenCommittedAsync(CancellationToken cancellationToken)
    {
        if (_awaitingCommit is not { } awaiting)
        {
            return;
        }

        bool committed;
        try
        {
            committed = await new CheckpointWriter(store, _layout, time, logger).IsCommittedAsync(awaiting.CheckpointId, cancellationToken);
        }
        catch (CheckpointStorageException e)
        {
            logger.ReportFailed("the answered save request", e.Message);
            return;
        }

        if (committed)
        {
            _awaitingCommit = null;
            // The commit first, on this pod too: the controller ends the attempt on the first answer it sees, and must
            // know by then which checkpoint answered (rank 0's own report may reach it later).
            if (await ReadManifestQuietlyAsync(awaiting.CheckpointId, cancellationToken) is { } manifest)
            {
                await ReportAsync("the committed checkpoint", ct => channel.ReportCommittedAsync(StatusOf(manifest), ct), cancellationToken);
            }

            await ReportAsync("the answered save request", ct => channel.ReportSaveCompletedAsync(awaiting.RequestId, ct), cancellationToken);
        }
    }

    private async Task<CheckpointManifest?> ReadManifestQuietlyAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await new CheckpointReader(store, _layout, logger).ReadManifestAsync(id, cancellationToken);
        }
        catch (CheckpointStorageException e)
        {
            logger.ReportFailed("the committed checkpoint", e.Message);
            return null;
        }
    }

    private CheckpointStatus StatusOf(CheckpointManifest manifest) => new()
    {
        Id = manifest.Id,
        Step = manifest.Step,
        Time = manifest.CreatedAt,
        SizeBytes = manifest.TotalSizeBytes,
        Uri = store.Location + _layout.ManifestKey(manifest.Id),
        Attempt = manifest.Attempt,
    };

    private async Task PruneAsync(long committedStep, string? requestId, CancellationToken cancellationToken)
    {
        try
        {
            if (requestId is not null && options.WorldSize > 1)
            {
                // Every rank saved the agreed step, so every agent is done with the request's folder.
                await _board.DeleteAsync(requestId, cancellationToken);
            }

            await new CheckpointRetention(store, _layout, logger).PruneAsync(options.Keep, cancellationToken, options.Attempt);
            if (options.WorldSize > 1)
            {
                await _board.PruneOlderThanAsync(committedStep, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.PruneFailed(e.Message);
        }
    }

    private async Task ReportAsync(string what, Func<CancellationToken, Task> report, CancellationToken cancellationToken)
    {
        try
        {
            await report(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The checkpoint is committed either way; the controller also finds it by listing.
            logger.ReportFailed(what, e.Message);
        }
    }

    private Task PassSaveRequestAsync(SaveRequest request)
    {
        request = new SaveRequest(request.Id, request.Reason);
        lock (_requestLock)
        {
            if (request.Id == _lastRequestId)
            {
                return Task.CompletedTask;
            }

            _lastRequestId = request.Id;
            Interlocked.Exchange(ref _saveDueUntil, time.GetTimestamp() + (long)((options.AgreeTimeout.TotalSeconds + 30) * time.TimestampFrequency));
            if (options.WorldSize == 1)
            {
                TrainerFiles.WriteJsonAtomically(_files.SaveRequestPath, request);
                logger.SaveRequestPassed(request.Id, request.Reason);
                return Task.CompletedTask;
            }

            // Agreements run one after another; one in progress sees this newer request and ends early where it can.
            Volatile.Write(ref _newestRequest, request);
            _agreement = AgreeAsync(request, _agreement, _agreementsStop);
        }

        return Task.CompletedTask;
    }

    private async Task AgreeAsync(SaveRequest request, Task previous, CancellationToken cancellationToken)
    {
        await previous;
        if (cancellationToken.IsCancellationRequested || Volatile.Read(ref _newestRequest)?.Id != request.Id)
        {
            return;
        }

        try
        {
            var agreement = new SaveAgreement(options, _files, _board, time, logger);
            var (outcome, step) = await agreement.RunAsync(request, _agreedStep, () => Volatile.Read(ref _newestRequest), cancellationToken);
            if (outcome == SaveAgreementOutcome.Released)
            {
                MarkUnagreed(request.Id);
            }

            _agreedStep = step ?? _agreedStep;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping (after the trainer, or with it).
        }
        catch (Exception e)
        {
            // The store failed us: never leave the trainer paused.
            logger.AgreementFailed(request.Id, e.Message);
            MarkUnagreed(request.Id);
            TrainerFiles.WriteJsonAtomically(_files.SaveRequestPath, request);
        }
    }

    private void MarkUnagreed(string requestId)
    {
        lock (_unagreed)
        {
            _unagreed.Add(requestId);
        }
    }

    private bool IsUnagreed(string requestId)
    {
        lock (_unagreed)
        {
            return _unagreed.Contains(requestId);
        }
    }

    private IEnumerable<(long Step, string Folder)> FinishedSteps()
    {
        foreach (var (step, folder) in StepFoldersIn(options.Dir))
        {
            if (File.Exists(Path.Combine(folder, StepFolders.FinishedMarker)))
            {
                yield return (step, folder);
            }
        }
    }

    /// <summary>
    /// A step folder newer than every finished one, without its marker, written to recently: the trainer
    /// is saving. One that stays quiet was abandoned (a killed trainer) and is not waited for.
    /// </summary>
    private bool TrainerIsSaving()
    {
        var newestFinished = FinishedSteps().Select(s => s.Step).DefaultIfEmpty(-1).Max();
        var quietSince = time.GetUtcNow() - options.SaveQuiet;
        return StepFoldersIn(options.Dir).Any(f =>
            f.Step > newestFinished
            && !File.Exists(Path.Combine(f.Folder, StepFolders.FinishedMarker))
            && LastWrite(f.Folder) > quietSince);
    }

    private static DateTimeOffset LastWrite(string folder)
    {
        var newest = Directory.GetLastWriteTimeUtc(folder);
        foreach (var file in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            var t = File.GetLastWriteTimeUtc(file);
            if (t > newest)
            {
                newest = t;
            }
        }

        return new DateTimeOffset(newest, TimeSpan.Zero);
    }

    private static IEnumerable<(long Step, string Folder)> StepFoldersIn(string dir)
    {
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(dir, StepFolders.Prefix + "*"))
        {
            if (StepFolders.TryParseStep(Path.GetFileName(folder)) is { } step)
            {
                yield return (step, folder);
            }
        }
    }

    /// <summary>Local disk is not a store: once a newer checkpoint is up, older finished folders go.</summary>
    private void CleanLocalBefore(long step)
    {
        foreach (var (old, folder) in StepFoldersIn(options.Dir))
        {
            if (old < step && State(old).Done && File.Exists(Path.Combine(folder, StepFolders.FinishedMarker)))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static FinishedMarker? ReadMarker(string folder)
    {
        try
        {
            return TrainerFiles.ReadJson<FinishedMarker>(Path.Combine(folder, StepFolders.FinishedMarker));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private StepState State(long step)
    {
        if (!_steps.TryGetValue(step, out var state))
        {
            state = new StepState();
            _steps[step] = state;
        }

        return state;
    }

    private async Task DelayAsync(CancellationToken stopping)
    {
        try
        {
            var due = time.GetTimestamp() < Interlocked.Read(ref _saveDueUntil) && SaveDuePoll < options.PollInterval;
            await Task.Delay(due ? SaveDuePoll : options.PollInterval, time, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
