using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>One attempt as observed by the controller or played by the simulator.</summary>
/// <remarks>CreatedAt: When the attempt started waiting for capacity. RunningSince: When it got its instance; null while queued.</remarks>
public sealed record AttemptObservation(
    int Index,
    CapacityType Capacity,
    AttemptState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RunningSince = null,
    DateTimeOffset? EndedAt = null,
    AttemptEndReason? EndReason = null);
