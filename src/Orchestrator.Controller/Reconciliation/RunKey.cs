using Orchestrator.Kubernetes.Caching;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>Maps any object the controller watches to the key of the TrainingRun it belongs to.</summary>
internal static class RunKey
{
    public static ObjectKey? FromLabels(k8s.Models.V1ObjectMeta metadata) =>
        metadata.Labels?.TryGetValue(Api.Labels.Run, out var run) == true && !string.IsNullOrEmpty(run)
            ? new ObjectKey(metadata.NamespaceProperty, run)
            : null;
}
