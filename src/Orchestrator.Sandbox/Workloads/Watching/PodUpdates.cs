using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>
/// Read-modify-write of a pod with optimistic concurrency: several components (kubelet, scheduler,
/// job controller, preemption injector) write the same pods, so a 409 means "read again and re-apply".
/// </summary>
internal static class PodUpdates
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Applies <paramref name="mutate"/> to the main resource (metadata, spec). Returns the stored pod, or null when it is gone.
    /// A <paramref name="cached"/> copy (from an informer) saves the first read; a stale one costs a 409 and a read.
    /// </summary>
    public static Task<V1Pod?> UpdateAsync(IKubernetes client, string ns, string name, Func<V1Pod, bool> mutate, CancellationToken cancellationToken, V1Pod? cached = null) =>
        RetryAsync(client, ns, name, mutate, (pod, ct) => client.CoreV1.ReplaceNamespacedPodAsync(pod, name, ns, cancellationToken: ct), cached, cancellationToken);

    /// <summary>Applies <paramref name="mutate"/> to the status subresource.</summary>
    public static Task<V1Pod?> UpdateStatusAsync(IKubernetes client, string ns, string name, Func<V1Pod, bool> mutate, CancellationToken cancellationToken, V1Pod? cached = null) =>
        RetryAsync(client, ns, name, mutate, (pod, ct) => client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns, cancellationToken: ct), cached, cancellationToken);

    public static async Task<bool> DeleteAsync(IKubernetes client, string ns, string name, string? uid, CancellationToken cancellationToken)
    {
        try
        {
            var options = uid is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } };
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, options, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex) || ApiErrors.IsConflict(ex))
        {
            return false;
        }
    }

    private static async Task<V1Pod?> RetryAsync(
        IKubernetes client,
        string ns,
        string name,
        Func<V1Pod, bool> mutate,
        Func<V1Pod, CancellationToken, Task<V1Pod>> write,
        V1Pod? cached,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            V1Pod pod;
            var fromCache = attempt == 1 && cached is not null;
            try
            {
                pod = fromCache
                    ? KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(cached))
                    : await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                return null;
            }

            if (!mutate(pod))
            {
                if (fromCache)
                {
                    // "Nothing to change" judged on a possibly stale copy: confirm against the server.
                    continue;
                }

                return pod;
            }

            try
            {
                return await write(pod, cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                return null;
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex) && attempt < MaxAttempts)
            {
                // Someone else wrote the pod in between: read again and re-apply.
            }
        }
    }
}
