using Microsoft.Extensions.Logging;

namespace Orchestrator.Checkpoints;

/// <summary>Every log line of the checkpoint code. Arguments are ids, counts and redacted text only: never credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "could not abort the partial upload of {Key} at {Location}: {Error}")]
    public static partial void AbortFailed(this ILogger logger, string key, string location, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "uploaded rank {Rank} of checkpoint {Id}: {Files} files, {Bytes} bytes")]
    public static partial void RankUploaded(this ILogger logger, int rank, string id, int files, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "committed checkpoint {Id} (step {Step}, {Bytes} bytes, {Ranks} ranks)")]
    public static partial void Committed(this ILogger logger, string id, long step, long bytes, int ranks);

    [LoggerMessage(Level = LogLevel.Information, Message = "checkpoint {Id} was deleted while listing; trying the next")]
    public static partial void DeletedWhileListing(this ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "checkpoint {Id} has {WorldSize} ranks, none for rank {Rank}; trying the next")]
    public static partial void NoFilesForRank(this ILogger logger, string id, int worldSize, int rank);

    [LoggerMessage(Level = LogLevel.Information, Message = "restored checkpoint {Id} (step {Step}) for rank {Rank} into {Path}")]
    public static partial void Restored(this ILogger logger, string id, long step, int rank, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "checkpoint {Id} is not usable ({Reason}); falling back to the next-newest")]
    public static partial void NotUsable(this ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "pruned checkpoint {Id}")]
    public static partial void Pruned(this ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "removed uncommitted leftovers of {Id}")]
    public static partial void OrphansRemoved(this ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "no committed checkpoint verifies under {Location}: the trainer starts fresh")]
    public static partial void FreshStart(this ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "watch on the agent's pod ended ({Error}); watching again in {Seconds}s")]
    public static partial void PodWatchFailed(this ILogger logger, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "annotation {Annotation} is not JSON {{\"id\",\"reason\"}}; ignored")]
    public static partial void BadSaveRequest(this ILogger logger, string annotation);

    [LoggerMessage(Level = LogLevel.Information, Message = "save request {Id} ({Reason}) passed to the trainer")]
    public static partial void SaveRequestPassed(this ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "checkpoint at step {Step} not uploaded yet (try {Try}): {Error}")]
    public static partial void UploadFailed(this ILogger logger, long step, int @try, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "giving up on the checkpoint at step {Step} after {Tries} tries")]
    public static partial void GivingUp(this ILogger logger, long step, int tries);

    [LoggerMessage(Level = LogLevel.Information, Message = "skipping the checkpoint at step {Step}: step {Newer} is newer and finished")]
    public static partial void SkippedOlder(this ILogger logger, long step, long newer);

    [LoggerMessage(Level = LogLevel.Error, Message = "grace period over with checkpoints still uploading")]
    public static partial void GraceExpired(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not report {What}: {Error}")]
    public static partial void ReportFailed(this ILogger logger, string what, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not prune old checkpoints: {Error}")]
    public static partial void PruneFailed(this ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "sidecar draining: uploading what the trainer finished before exiting")]
    public static partial void Draining(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "save request {Id} ({Reason}): holding the trainer between steps to agree on a step with the other {WorldSize} ranks")]
    public static partial void SaveRequestHeld(this ILogger logger, string id, string reason, int worldSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "save request {Id}: all ranks agree on step {Step} (this rank paused at {Paused}; ranks' steps {Steps})")]
    public static partial void SaveStepAgreed(this ILogger logger, string id, long step, long paused, string steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "save request {Id}: the trainer saved for it on its own; no agreement through the store needed")]
    public static partial void TrainerAnsweredItself(this ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "save request {Id}: the trainer did not pause within {Seconds}s (does it write D/.orchestrator/step?); asked it to save where it is, which commits only if every rank saves that same step")]
    public static partial void TrainerNeverPaused(this ILogger logger, string id, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "save request {Id}: no step from rank(s) {Missing} within {Seconds}s; released the hold with a save of step {Step}, which CANNOT commit without every rank's files")]
    public static partial void NoAgreement(this ILogger logger, string id, double seconds, string missing, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "removed the stale save agreement {Request}")]
    public static partial void RequestPruned(this ILogger logger, string request);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not agree on a save step for request {Id}: {Error}")]
    public static partial void AgreementFailed(this ILogger logger, string id, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "save request {Id}: every rank it still waited for has moved on to request {Newer}; no step is agreed for it")]
    public static partial void AgreementSkipped(this ILogger logger, string id, string newer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "checkpoint {Id} is fenced: an attempt ended before attempt {Attempt} began restoring committed it afterwards; never restored")]
    public static partial void Fenced(this ILogger logger, string id, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the gang skips checkpoint {Id}: {Reason}; every rank falls back to the next-newest")]
    public static partial void GangSkipped(this ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "not committing checkpoint {Id}: {Reason}")]
    public static partial void CommitFenced(this ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Why}: agreeing on one step to save with the other ranks (request {Id})")]
    public static partial void TerminationAgreement(this ILogger logger, string id, string why);
}
