using Orchestrator.Api;

namespace Orchestrator.Core.Checkpointing;

/// <summary>What the interval depends on. Fixed: the spec's duration, or null for <c>auto</c>.</summary>
/// <remarks>RunningTime and Preemptions: over all attempts of the run on <c>Capacity</c>.</remarks>
public sealed record CheckpointIntervalInput(
    TimeSpan? Fixed,
    CapacityType Capacity,
    IReadOnlyList<TimeSpan> SaveDurations,
    TimeSpan RunningTime,
    int Preemptions)
{
    public CheckpointIntervalOptions Options { get; init; } = CheckpointIntervalOptions.Default;
}
