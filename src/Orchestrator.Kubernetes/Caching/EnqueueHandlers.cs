using k8s;
using k8s.Models;
using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// The usual informer-to-queue wiring of a level-based controller: every add, update and delete enqueues the key of
/// the object to reconcile (the object itself, or the run it belongs to), never the event itself.
/// </summary>
public static class EnqueueHandlers
{
    /// <summary>Enqueues the object's own key on every change (e.g. TrainingRuns).</summary>
    public static void Self<T>(Informer<T> informer, WorkQueue<ObjectKey> queue)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        informer.AddHandler(
            onAdded: obj => queue.Add(ObjectKey.Of(obj)),
            onUpdated: (_, obj) => queue.Add(ObjectKey.Of(obj)),
            onDeleted: obj => queue.Add(ObjectKey.Of(obj)));
    }

    /// <summary>
    /// Enqueues the object named by label <paramref name="labelKey"/> in the same namespace (e.g. a pod's or Job's
    /// <c>orchestrator.dev/run</c>); objects without the label are ignored. On an update that moves the label, both
    /// the old and the new owner are enqueued.
    /// </summary>
    public static void ByLabel<T>(Informer<T> informer, WorkQueue<ObjectKey> queue, string labelKey)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        void Enqueue(T obj)
        {
            if (obj.Metadata?.Labels is { } labels && labels.TryGetValue(labelKey, out var name) && name.Length > 0)
            {
                queue.Add(new ObjectKey(string.IsNullOrEmpty(obj.Metadata.NamespaceProperty) ? null : obj.Metadata.NamespaceProperty, name));
            }
        }

        informer.AddHandler(
            onAdded: Enqueue,
            onUpdated: (old, obj) =>
            {
                Enqueue(old);
                Enqueue(obj);
            },
            onDeleted: Enqueue);
    }
}
