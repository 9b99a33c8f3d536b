using k8s;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>Writes a run's status through the status subresource, once per reconcile, with optimistic concurrency.</summary>
internal sealed class StatusWriter(IKubernetes client, ApiCalls api)
{
    /// <summary>
    /// Replaces the status when it differs from what the cache holds. A stale resourceVersion gives 409, which is
    /// thrown: the queue retries the reconcile with a fresh read rather than forcing an outdated decision.
    /// </summary>
    public async Task<bool> WriteAsync(TrainingRun current, TrainingRunStatus desired, CancellationToken ct)
    {
        if (current.Status is not null && KubernetesJson.Serialize(current.Status) == KubernetesJson.Serialize(desired))
        {
            return false;
        }

        var body = new TrainingRun
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = current.Metadata.Name,
                NamespaceProperty = current.Metadata.NamespaceProperty,
                ResourceVersion = current.Metadata.ResourceVersion,
            },
            Spec = current.Spec,
            Status = desired,
        };
        try
        {
            await api.RunAsync(t => client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<TrainingRun>(
                body, ApiGroup.Name, ApiGroup.Version, current.Metadata.NamespaceProperty, ApiGroup.Plural, current.Metadata.Name, cancellationToken: t), ct);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            // Deleted meanwhile (its finalizer was just removed): nothing left to record.
            return false;
        }
    }
}
