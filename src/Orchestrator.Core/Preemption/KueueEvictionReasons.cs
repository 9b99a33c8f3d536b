namespace Orchestrator.Core.Preemption;

/// <summary>
/// What Kueue's Evicted reasons mean. Deactivation (<c>Deactivated</c>, the pre-0.10 <c>InactiveWorkload</c>, and
/// the derived <c>DeactivatedDueTo&lt;Cause&gt;</c> such as <c>DeactivatedDueToRequeuingLimitExceeded</c> or
/// <c>DeactivatedDueToMaximumExecutionTimeExceeded</c>) sets the Workload's <c>spec.active</c> to false: Kueue will
/// never requeue it, and no capacity was taken away, so it is not a preemption.
/// </summary>
public static class KueueEvictionReasons
{
    public const string DeactivatedPrefix = "DeactivatedDueTo";
    public const string RequeuingLimitExceeded = "DeactivatedDueToRequeuingLimitExceeded";

    public static bool IsDeactivation(string reason, IReadOnlySet<string> deactivationReasons) =>
        deactivationReasons.Contains(reason) || reason.StartsWith(DeactivatedPrefix, StringComparison.Ordinal);
}
