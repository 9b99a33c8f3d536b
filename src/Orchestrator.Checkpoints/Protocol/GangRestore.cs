using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// A gang's restore: every rank ends with the same checkpoint, one whose files verified on every rank, or every rank
/// starts fresh. Rank 0 lists the committed checkpoints once and writes the attempt's plan (fencing out what earlier,
/// ended attempts committed too late, <see cref="AttemptFence"/>); each rank then tries the plan's candidates in order,
/// publishes whether its part verified, and moves on with the others as soon as any rank's part did not. World size 1
/// takes the same path: its plan is the fence for later attempts.
/// </summary>
public sealed class GangRestore(ICheckpointStore store, CheckpointLayout layout, TimeProvider time, ILogger logger)
{
    /// <summary>How often a rank looks for the plan and the other ranks' verdicts.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <exception cref="CheckpointFencedException">A later attempt has already begun restoring: this one was ended.</exception>
    /// <exception cref="GangRestoreFailedException">A rank could not write its local folder: nobody falls back or starts fresh.</exception>
    /// <exception cref="TimeoutException">Rank 0's plan or another rank's verdict did not come within <paramref name="timeout"/>.</exception>
    public async Task<GangRestoreResult> RestoreAsync(int attempt, int rank, int worldSize, string localDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var board = new RestoreBoard(store, layout);
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var plans = await board.ReadPlansAsync(cancellationToken);
        if (AttemptFence.SupersededBy(attempt, plans) is { } newer)
        {
            throw new CheckpointFencedException($"attempt {attempt} has been superseded: attempt {newer} has already begun restoring");
        }

        var plan = plans.GetValueOrDefault(attempt) ?? await PlanAsync(board, attempt, rank, worldSize, plans, deadline, cancellationToken);
        var skipped = plan.Fenced.Select(id => new SkippedCheckpoint { Id = id, Reason = "fenced: committed by an ended attempt after a later attempt began restoring" }).ToList();
        foreach (var id in plan.Fenced)
        {
            logger.Fenced(id, attempt);
        }

        var reader = new CheckpointReader(store, layout, logger);
        foreach (var id in plan.Candidates)
        {
            var candidate = CheckpointRef.TryParse(id) ?? throw new InvalidDataException($"{store.Location}{layout.RestorePlanKey(attempt)} names '{id}', which is not a checkpoint id");
            var verdicts = await board.ReadVerdictsAsync(attempt, id, worldSize, cancellationToken);
            if (verdicts.FirstOrDefault(v => v is { Fatal: true }) is { } failed)
            {
                throw new GangRestoreFailedException($"restoring {id}: {failed.Reason}");
            }

            if (Rejections(verdicts, rank) is { } early)
            {
                // Another rank already found its part damaged: nothing this rank downloads would be used.
                skipped.Add(new SkippedCheckpoint { Id = id, Reason = early });
                continue;
            }

            CheckpointReader.Staged staged;
            try
            {
                staged = await reader.StageAsync(candidate, rank, localDir, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // This rank's local folder, not the checkpoint, is at fault: tell the others not to wait or fall back.
                var why = $"rank {rank} cannot write its local checkpoint folder {localDir}: {e.Message}";
                await board.PublishAsync(new RestoreVerdict(id, attempt, rank, false, why, Fatal: true), cancellationToken);
                throw new GangRestoreFailedException(why, e);
            }

            var ok = staged.Outcome == CheckpointReader.Outcome.Restored;
            if (worldSize == 1)
            {
                // Alone: nobody to agree with; the plan above still fences later attempts.
                if (ok)
                {
                    return new GangRestoreResult(reader.Promote(staged, rank, localDir), skipped);
                }

                skipped.Add(new SkippedCheckpoint { Id = id, Reason = $"damaged on rank 0: {staged.Reason}" });
                continue;
            }

            try
            {
                await board.PublishAsync(new RestoreVerdict(id, attempt, rank, ok, staged.Reason), cancellationToken);
                verdicts = await AwaitVerdictsAsync(board, attempt, id, worldSize, deadline, timeout, cancellationToken);
            }
            catch
            {
                CheckpointReader.Discard(localDir, id);
                throw;
            }

            if (verdicts.FirstOrDefault(v => v is { Fatal: true }) is { } fatal)
            {
                CheckpointReader.Discard(localDir, id);
                throw new GangRestoreFailedException($"restoring {id}: {fatal.Reason}");
            }

            if (Rejections(verdicts, -1) is { } reason)
            {
                CheckpointReader.Discard(localDir, id);
                logger.GangSkipped(id, reason);
                skipped.Add(new SkippedCheckpoint { Id = id, Reason = reason });
                continue;
            }

            return new GangRestoreResult(reader.Promote(staged, rank, localDir), skipped);
        }

        return new GangRestoreResult(null, skipped);
    }

    private async Task<RestorePlan> PlanAsync(RestoreBoard board, int attempt, int rank, int worldSize, IReadOnlyDictionary<int, RestorePlan> plans, long deadline, CancellationToken cancellationToken)
    {
        if (rank == 0)
        {
            var listed = await new CheckpointReader(store, layout, logger).ListAsync(cancellationToken);
            var plan = AttemptFence.Plan(attempt, worldSize, listed, plans, time.GetUtcNow());
            await board.WritePlanAsync(plan, cancellationToken);
            return plan;
        }

        while (true)
        {
            if (await board.ReadPlanAsync(attempt, cancellationToken) is { } plan)
            {
                return plan;
            }

            if (time.GetTimestamp() >= deadline)
            {
                throw new TimeoutException($"no restore plan from rank 0 of attempt {attempt} at {store.Location}{layout.RestorePlanKey(attempt)}");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<RestoreVerdict?>> AwaitVerdictsAsync(RestoreBoard board, int attempt, string id, int worldSize, long deadline, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var verdicts = await board.ReadVerdictsAsync(attempt, id, worldSize, cancellationToken);
            if (verdicts.Any(v => v is { Ok: false }) || verdicts.All(v => v is not null))
            {
                return verdicts;
            }

            if (time.GetTimestamp() >= deadline)
            {
                var missing = string.Join(", ", Enumerable.Range(0, worldSize).Where(r => verdicts[r] is null));
                throw new TimeoutException($"restoring {id}: no verdict from rank(s) {missing} within {timeout.TotalSeconds:0}s");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>What the ranks that rejected the candidate said (other than <paramref name="self"/>), or null when none did.</summary>
    private static string? Rejections(IReadOnlyList<RestoreVerdict?> verdicts, int self)
    {
        var rejected = verdicts.OfType<RestoreVerdict>().Where(v => !v.Ok && !v.Fatal && v.Rank != self).OrderBy(v => v.Rank).ToList();
        return rejected.Count == 0 ? null : string.Join("; ", rejected.Select(v => $"damaged on rank {v.Rank}: {v.Reason}"));
    }
}
