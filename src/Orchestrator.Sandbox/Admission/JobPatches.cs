using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>The JSON merge patches Kueue's Job integration applies when it starts and stops a Job.</summary>
internal static class JobPatches
{
    /// <summary>Unsuspend with the flavors' node labels added to the nodeSelector and their tolerations appended.</summary>
    public static string Start(V1PodSpec original, IEnumerable<ResourceFlavor> flavors)
    {
        var selector = new Dictionary<string, string>(original.NodeSelector ?? new Dictionary<string, string>());
        var tolerations = new List<V1Toleration>(original.Tolerations ?? []);
        foreach (var flavor in flavors)
        {
            foreach (var (key, value) in flavor.Spec.NodeLabels ?? [])
            {
                selector[key] = value;
            }

            tolerations.AddRange(flavor.Spec.Tolerations ?? []);
        }

        return Build(suspend: false, current: null, selector, tolerations);
    }

    /// <summary>Suspend and put back the pod template's own nodeSelector and tolerations.</summary>
    public static string Stop(V1PodSpec current, V1PodSpec original) =>
        Build(suspend: true, current.NodeSelector, original.NodeSelector ?? new Dictionary<string, string>(), original.Tolerations ?? []);

    private static string Build(bool suspend, IDictionary<string, string>? current, IDictionary<string, string> selector, IList<V1Toleration> tolerations)
    {
        var selectorPatch = new JsonObject();
        foreach (var key in current?.Keys ?? [])
        {
            if (!selector.ContainsKey(key))
            {
                // A merge patch removes a key by setting it to null.
                selectorPatch[key] = null;
            }
        }

        foreach (var (key, value) in selector)
        {
            selectorPatch[key] = value;
        }

        var podSpec = new JsonObject
        {
            ["nodeSelector"] = selectorPatch,
            ["tolerations"] = tolerations.Count == 0 ? null : JsonNode.Parse(KubernetesJson.Serialize(tolerations)),
        };
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["suspend"] = suspend,
                ["template"] = new JsonObject { ["spec"] = podSpec },
            },
        };
        return patch.ToJsonString();
    }
}
