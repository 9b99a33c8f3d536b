using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Resources;

/// <summary>Serves the resources a CustomResourceDefinition declares, whether it came from a file or through the API.</summary>
internal sealed class CustomResources(ResourceRegistry registry, ObjectStore store)
{
    public void Install(JsonObject crd)
    {
        var types = CrdLoader.ToTypes(crd);
        foreach (var type in types)
        {
            registry.Register(type);
            store.EnsureTable(type);
        }
    }

    public void Uninstall(StoredObject crd)
    {
        var spec = crd.ToNode()["spec"];
        var group = JsonNodes.String(spec, "group");
        var plural = JsonNodes.String(spec?["names"], "plural");
        if (group is not null && plural is not null)
        {
            registry.Unregister(group, plural);
        }
    }

    /// <summary>The status a real API server reports once a CRD's names are accepted.</summary>
    public static JsonObject EstablishedStatus(JsonObject crd, string now)
    {
        var names = crd["spec"]?["names"]?.DeepClone();
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
            ["message"] = message,
        };
        return new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["storedVersions"] = new JsonArray([.. (crd["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => v?["storage"] is JsonValue s && s.GetValue<bool>())
                .Select(v => (JsonNode)(JsonNodes.String(v, "name") ?? ""))]),
        };
    }
}
