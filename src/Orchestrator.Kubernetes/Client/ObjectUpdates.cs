using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Idempotent writes for a level-based reconcile: create tolerating AlreadyExists, delete tolerating NotFound,
/// and status updates with optimistic concurrency that hand a conflict back to the caller with the fresh object.
/// Failures are recognised by HTTP status code only. Other failures propagate (the work queue retries them).
/// </summary>
public static class ObjectUpdates
{
    /// <summary>
    /// Runs <paramref name="create"/>; a 409 (the name is taken, e.g. a Job created by an earlier reconcile) is
    /// success. Returns true when this call created the object.
    /// </summary>
    public static async Task<bool> CreateIgnoringAlreadyExistsAsync(Func<Task> create)
    {
        try
        {
            await create();
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="delete"/>; a 404 is success. Returns true when this call deleted the object.</summary>
    public static async Task<bool> DeleteIgnoringNotFoundAsync(Func<Task> delete)
    {
        try
        {
            await delete();
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces the status subresource of a namespaced custom object, guarded by the resourceVersion it carries.
    /// On 409 it reads the object again and returns it with <see cref="UpdateOutcome.Conflict"/>, so the caller
    /// decides again from what is really there instead of overwriting someone else's write.
    /// </summary>
    public static async Task<UpdateResult<T>> ReplaceStatusAsync<T>(IKubernetes client, CustomResource resource, T obj, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name) = (obj.Metadata.NamespaceProperty, obj.Metadata.Name);
        if (string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
        {
            throw new ArgumentException($"{obj.Kind} {ns}/{name} has no resourceVersion: status updates must be based on a read.", nameof(obj));
        }

        try
        {
            var updated = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(obj, resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken: cancellationToken);
            return new UpdateResult<T>(UpdateOutcome.Updated, updated);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return new UpdateResult<T>(UpdateOutcome.NotFound, null);
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            try
            {
                var current = await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken);
                return new UpdateResult<T>(UpdateOutcome.Conflict, current);
            }
            catch (Exception readError) when (ApiErrors.IsNotFound(readError))
            {
                return new UpdateResult<T>(UpdateOutcome.NotFound, null);
            }
        }
    }
}
