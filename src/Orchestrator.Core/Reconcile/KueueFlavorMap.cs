namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Kueue's queue setup as the controller read it: LocalQueue to ClusterQueue, ClusterQueue to its ResourceFlavors,
/// ResourceFlavor to its <c>nodeLabels</c>. From it the on-demand pinning and which flavors are on-demand follow, on
/// whatever cloud's label scheme the flavors use (<c>karpenter.sh/capacity-type</c>, <c>eks.amazonaws.com/capacityType</c>,
/// <c>cloud.google.com/gke-provisioning</c>, <c>kubernetes.azure.com/scalesetpriority</c>, ...).
/// </summary>
/// <param name="ClusterQueueOfLocalQueue">LocalQueue (keyed <c>namespace/name</c>) to its ClusterQueue.</param>
/// <param name="FlavorsOfClusterQueue">ClusterQueue to the ResourceFlavors of its resource groups, in order.</param>
/// <param name="NodeLabelsOfFlavor">ResourceFlavor to its <c>spec.nodeLabels</c>.</param>
public sealed record KueueFlavorMap(
    IReadOnlyDictionary<string, string> ClusterQueueOfLocalQueue,
    IReadOnlyDictionary<string, IReadOnlyList<string>> FlavorsOfClusterQueue,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NodeLabelsOfFlavor)
{
    public static KueueFlavorMap Empty { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>The flavors of the ClusterQueue behind a LocalQueue; null when the LocalQueue or its ClusterQueue is unknown.</summary>
    public IReadOnlyList<string>? FlavorsOf(string ns, string localQueue) =>
        ClusterQueueOfLocalQueue.TryGetValue(ns + "/" + localQueue, out var cq) && FlavorsOfClusterQueue.TryGetValue(cq, out var flavors) ? flavors : null;

    /// <summary>
    /// The node labels every flavor of the LocalQueue's ClusterQueue carries with the same value: what keeps an attempt
    /// on that queue's kind of node even if Kueue admits it elsewhere. Null when it cannot be told (queue, ClusterQueue
    /// or a flavor unknown) or the flavors share no label.
    /// </summary>
    public IReadOnlyDictionary<string, string>? SharedNodeLabels(string ns, string localQueue)
    {
        if (FlavorsOf(ns, localQueue) is not { Count: > 0 } flavors || flavors.Any(f => !NodeLabelsOfFlavor.ContainsKey(f)))
        {
            return null;
        }

        var shared = new Dictionary<string, string>(NodeLabelsOfFlavor[flavors[0]], StringComparer.Ordinal);
        foreach (var flavor in flavors.Skip(1))
        {
            var labels = NodeLabelsOfFlavor[flavor];
            foreach (var key in shared.Keys.ToList())
            {
                if (!labels.TryGetValue(key, out var value) || value != shared[key])
                {
                    shared.Remove(key);
                }
            }
        }

        return shared.Count == 0 ? null : shared;
    }
}
