using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Protocol;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// Makes every rank of a gang save the same step for a save request, with no leader: pause the trainer between
/// steps (<c>hold</c>), publish the step it paused at to the store, wait for every rank's, and ask the trainer to
/// save the largest (<c>step</c>). Every rank computes the same maximum from the same W numbers; ranks behind
/// catch up, and none overshoots because each was paused before it published. A peer that never publishes ends
/// the wait at the deadline: the trainer saves where it is and trains on, and that checkpoint cannot commit.
/// </summary>
internal sealed class SaveAgreement(AgentOptions options, TrainerFiles files, SaveRequestBoard board, TimeProvider time, ILogger logger)
{
    /// <summary>How often the trainer's step file is read while waiting for it to pause: it is a local file.</summary>
    private static readonly TimeSpan TrainerPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>The store is polled at most this often, and at least as often as the agent polls anything.</summary>
    private static readonly TimeSpan MaxStorePoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Agrees on the step for <paramref name="request"/>. <paramref name="owed"/>: the step an earlier request was agreed
    /// on, which the trainer may still be training towards; it is saved first, since the other ranks save it too
    /// (a new hold would stop the trainer short of it, and a gang that keeps getting requests would never commit).
    /// <paramref name="newer"/> returns a request that arrived since, if any: before this rank published its step, the
    /// newer one simply takes over (no rank can have agreed without this rank's step); after, this agreement still ends
    /// as it would, since other ranks may have agreed and will save the step, unless every missing rank has already
    /// published for the newer request (it skipped this one). Returns the outcome and the agreed step.
    /// </summary>
    public async Task<(SaveAgreementOutcome Outcome, long? Step)> RunAsync(SaveRequest request, long? owed, Func<SaveRequest?> newer, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        bool Expired() => time.GetElapsedTime(started) >= options.AgreeTimeout;
        bool Superseded() => newer() is { } next && next.Id != request.Id;

        while (owed is { } due && !Reached(due) && !Expired())
        {
            if (Superseded())
            {
                return (SaveAgreementOutcome.Superseded, null);
            }

            await Task.Delay(TrainerPoll, time, cancellationToken);
        }

        TrainerFiles.WriteJsonAtomically(files.SaveRequestPath, request with { Hold = true, Step = null });
        logger.SaveRequestHeld(request.Id, request.Reason, options.WorldSize);

        long paused;
        while (true)
        {
            if (TryReadStep() is { } step && (step.Holding == request.Id || step.Finished))
            {
                // Finished: the trainer will never step again, as good as paused there for good.
                paused = step.Step;
                break;
            }

            if (AnsweredByTrainer(request.Id))
            {
                // A trainer that agrees through its own process group saves at once for any request.
                logger.TrainerAnsweredItself(request.Id);
                return (SaveAgreementOutcome.AnsweredByTrainer, null);
            }

            if (Superseded())
            {
                return (SaveAgreementOutcome.Superseded, null);
            }

            if (Expired())
            {
                Release(request);
                logger.TrainerNeverPaused(request.Id, options.AgreeTimeout.TotalSeconds);
                return (SaveAgreementOutcome.Released, null);
            }

            await Task.Delay(TrainerPoll, time, cancellationToken);
        }

        await board.PublishAsync(new RankStep(request.Id, options.Rank, options.Attempt, paused), cancellationToken);
        var storePoll = options.PollInterval < MaxStorePoll ? options.PollInterval : MaxStorePoll;
        while (true)
        {
            var steps = await board.ReadStepsAsync(request.Id, options.WorldSize, cancellationToken);
            if (steps.All(s => s is not null))
            {
                var target = steps.Max()!.Value;
                TrainerFiles.WriteJsonAtomically(files.SaveRequestPath, request with { Hold = null, Step = target });
                var published = string.Join(", ", steps);
                logger.SaveStepAgreed(request.Id, target, paused, published);
                return (SaveAgreementOutcome.Agreed, target);
            }

            if (newer() is { } next && next.Id != request.Id && await AllPublishedForAsync(next.Id, steps, cancellationToken))
            {
                // Every rank still missing here has moved on to the newer request: nobody can agree on this one.
                logger.AgreementSkipped(request.Id, next.Id);
                return (SaveAgreementOutcome.Superseded, null);
            }

            if (Expired())
            {
                if (!Superseded())
                {
                    Release(request);
                }

                var missing = string.Join(", ", Enumerable.Range(0, steps.Count).Where(r => steps[r] is null));
                logger.NoAgreement(request.Id, options.AgreeTimeout.TotalSeconds, missing, paused);
                return (SaveAgreementOutcome.Released, null);
            }

            await Task.Delay(storePoll, time, cancellationToken);
        }
    }

    private async Task<bool> AllPublishedForAsync(string newerId, IReadOnlyList<long?> steps, CancellationToken cancellationToken)
    {
        var newer = await board.ReadStepsAsync(newerId, options.WorldSize, cancellationToken);
        return Enumerable.Range(0, steps.Count).All(r => steps[r] is not null || newer[r] is not null);
    }

    /// <summary>A plain request: the paused trainer saves the step it is at and trains on.</summary>
    private void Release(SaveRequest request) =>
        TrainerFiles.WriteJsonAtomically(files.SaveRequestPath, request with { Hold = null, Step = null });

    /// <summary>The trainer saved <paramref name="step"/>, went past it, or will never get there.</summary>
    private bool Reached(long step) =>
        File.Exists(Path.Combine(files.Dir, StepFolders.Name(step), StepFolders.FinishedMarker))
        || TryReadStep() is { } current && (current.Step > step || current.Finished);

    private TrainerStep? TryReadStep()
    {
        try
        {
            return TrainerFiles.ReadJson<TrainerStep>(files.StepPath);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            return null;
        }
    }

    private bool AnsweredByTrainer(string requestId)
    {
        if (!Directory.Exists(files.Dir))
        {
            return false;
        }

        foreach (var folder in Directory.EnumerateDirectories(files.Dir, StepFolders.Prefix + "*"))
        {
            try
            {
                if (TrainerFiles.ReadJson<FinishedMarker>(Path.Combine(folder, StepFolders.FinishedMarker)) is { } marker && marker.RequestId == requestId)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
            {
            }
        }

        return false;
    }
}
