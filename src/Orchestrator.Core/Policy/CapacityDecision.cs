using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>Which capacity the run should be on.</summary>
/// <remarks>Reason: One human sentence for the Event. Final: No later decision will change the capacity (the controller may drop its timers). ReevaluateAt: When the answer may change without any new observation; null: only on the next event. SwitchCurrentAttempt: The queued or running attempt is on the other capacity and should end at the next attempt boundary (a queued attempt at once, a running one after a checkpoint).</remarks>
public sealed record CapacityDecision(
    CapacityType Capacity,
    string Reason,
    bool Final,
    DateTimeOffset? ReevaluateAt = null,
    bool SwitchCurrentAttempt = false);
