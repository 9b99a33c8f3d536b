using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>One attempt as observed by the controller or played by the simulator.</summary>
/// <remarks>CreatedAt: When the attempt started waiting for capacity. RunningSince: When it got its instance; null while queued. LostWork: The work its end threw away (known once ended). Zone: The spot zone it was steered to; null when the run names no zones or on on-demand.</remarks>
public sealed record AttemptObservation(
    int Index,
    CapacityType Capacity,
    AttemptState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RunningSince = null,
    DateTimeOffset? EndedAt = null,
    AttemptEndReason? EndReason = null,
    TimeSpan? LostWork = null,
    string? Zone = null)
{
    /// <summary>The policy's view of a status attempt: ended once it has an end time, running once all workers ran.</summary>
    public static AttemptObservation From(AttemptRecord record)
    {
        var created = record.CreateTime ?? record.StartTime ?? record.EndTime
            ?? throw new ArgumentException($"attempt {record.Index} has no createTime", nameof(record));
        var state = record.EndTime is not null ? AttemptState.Ended : record.StartTime is not null ? AttemptState.Running : AttemptState.Queued;
        return new(record.Index, record.Capacity, state, created, record.StartTime, record.EndTime, record.EndReason,
            record.LostWorkSeconds is { } lost ? TimeSpan.FromSeconds(lost) : null, record.Zone);
    }
}
