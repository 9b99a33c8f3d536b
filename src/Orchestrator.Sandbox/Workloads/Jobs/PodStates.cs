using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

internal static class PodStates
{
    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    public static bool HasFinalizer(V1Pod pod, string finalizer) => pod.Metadata.Finalizers?.Contains(finalizer) == true;

    /// <summary>
    /// Finished for the Job's accounting: terminal, or being deleted with no other component (the
    /// kubelet) still holding it, i.e. it will never run again.
    /// </summary>
    public static bool IsFinished(V1Pod pod) =>
        IsTerminal(pod)
        || (pod.Metadata.DeletionTimestamp is not null
            && (pod.Metadata.Finalizers ?? []).All(f => f == JobLabels.TrackingFinalizer));

    public static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
