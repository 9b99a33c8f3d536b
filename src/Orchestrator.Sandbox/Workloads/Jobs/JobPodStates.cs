using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

internal static class JobPodStates
{
    /// <summary>
    /// Finished for the Job's accounting: terminal, or being deleted with no other component (the
    /// kubelet) still holding it, i.e. it will never run again.
    /// </summary>
    public static bool IsFinished(V1Pod pod) =>
        PodStates.IsTerminal(pod)
        || (pod.Metadata.DeletionTimestamp is not null
            && (pod.Metadata.Finalizers ?? []).All(f => f == JobLabels.TrackingFinalizer));
}
