using k8s.Models;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Reads spot availability off the pods of an attempt that Kueue admitted. Real Kueue (without topology-aware
/// scheduling) admits on nominal quota alone, so when spot capacity is gone the attempt is not held in the queue:
/// its pods sit Pending, Unschedulable. That, held for longer than an autoscaler needs to bring a node, is the
/// controller's evidence that spot is not available.
/// </summary>
public static class SpotScheduling
{
    /// <summary>The attempt's unbound, Pending pods the scheduler marked Unschedulable; null when there are none.</summary>
    public static UnschedulableWorkers? Observe(IEnumerable<V1Pod> attemptPods, DateTimeOffset now)
    {
        var stuck = attemptPods
            .Where(p => p.Metadata.DeletionTimestamp is null && string.IsNullOrEmpty(p.Spec?.NodeName) && p.Status?.Phase is null or "Pending")
            .Select(p => p.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled"))
            .Where(c => c is { Status: "False", Reason: "Unschedulable" })
            .Select(c => c!)
            .ToList();
        if (stuck.Count == 0)
        {
            return null;
        }

        var first = stuck.OrderBy(c => c.LastTransitionTime ?? now.UtcDateTime).First();
        var since = first.LastTransitionTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : now;
        return new UnschedulableWorkers(stuck.Count, since, first.Message ?? "");
    }

    /// <summary>
    /// False once workers have been unschedulable for <paramref name="grace"/> (spot is not to be had); null otherwise:
    /// a pod that just became unschedulable is what an autoscaler (Karpenter, cluster-autoscaler) provisions for.
    /// </summary>
    public static bool? SpotAvailable(UnschedulableWorkers? unschedulable, DateTimeOffset now, TimeSpan grace) =>
        unschedulable is { } u && now - u.Since >= grace ? false : null;
}
