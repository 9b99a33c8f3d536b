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
}
