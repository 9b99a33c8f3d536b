using k8s.Models;

namespace Orchestrator.Sandbox.Workloads;

internal static class PodStates
{
    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    public static bool HasFinalizer(V1Pod pod, string finalizer) => pod.Metadata.Finalizers?.Contains(finalizer) == true;

    public static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
