using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>How the kubelet lets go of a pod it no longer runs.</summary>
internal static class PodRelease
{
    /// <summary>
    /// Removes the kubelet finalizer and, when the pod is being deleted, confirms the deletion with a
    /// zero grace period, as the real kubelet does once the containers are gone: the API server keeps a
    /// gracefully deleted pod until then.
    /// </summary>
    public static async Task ReleaseAsync(IKubernetes client, string ns, string name, string uid, string finalizer, CancellationToken cancellationToken, V1Pod? cached = null)
    {
        var stored = await PodUpdates.UpdateAsync(
            client,
            ns,
            name,
            fresh => fresh.Metadata.Uid == uid && fresh.Metadata.Finalizers?.Remove(finalizer) == true,
            cancellationToken,
            cached);
        if (stored is null || stored.Metadata.Uid != uid || stored.Metadata.DeletionTimestamp is null)
        {
            return;
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(
                name,
                ns,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = uid } },
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex) || ApiErrors.IsConflict(ex))
        {
            // Already gone, or replaced by a namesake.
        }
    }
}
