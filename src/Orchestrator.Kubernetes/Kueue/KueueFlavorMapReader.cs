using System.Text.Json;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>
/// Reads LocalQueue <c>spec.clusterQueue</c>, ClusterQueue <c>spec.resourceGroups[].flavors[].name</c> and ResourceFlavor
/// <c>spec.nodeLabels</c> into a <see cref="KueueFlavorMap"/>. Fields it does not know are ignored, so the same code
/// reads v1beta1 and v1beta2 objects (those fields are spelled alike in both).
/// </summary>
public static class KueueFlavorMapReader
{
    public static KueueFlavorMap Read(IEnumerable<KueueQueueObject> localQueues, IEnumerable<KueueQueueObject> clusterQueues, IEnumerable<KueueQueueObject> flavors)
    {
        var queueOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var queue in localQueues)
        {
            if (Property(queue.Spec, "clusterQueue") is { ValueKind: JsonValueKind.String } cq && cq.GetString() is { Length: > 0 } name)
            {
                queueOf[queue.Metadata.NamespaceProperty + "/" + queue.Metadata.Name] = name;
            }
        }

        var flavorsOf = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var queue in clusterQueues)
        {
            var names = new List<string>();
            foreach (var group in Array(Property(queue.Spec, "resourceGroups")))
            {
                foreach (var flavor in Array(Property(group, "flavors")))
                {
                    if (Property(flavor, "name") is { ValueKind: JsonValueKind.String } n && n.GetString() is { Length: > 0 } flavorName && !names.Contains(flavorName))
                    {
                        names.Add(flavorName);
                    }
                }
            }

            flavorsOf[queue.Metadata.Name] = names;
        }

        var labelsOf = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var flavor in flavors)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Property(flavor.Spec, "nodeLabels") is { ValueKind: JsonValueKind.Object } nodeLabels)
            {
                foreach (var label in nodeLabels.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.String))
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }

            labelsOf[flavor.Metadata.Name] = labels;
        }

        return new KueueFlavorMap(queueOf, flavorsOf, labelsOf);
    }

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static List<JsonElement> Array(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e ? [.. e.EnumerateArray()] : [];
}
