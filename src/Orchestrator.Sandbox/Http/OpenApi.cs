using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>/openapi/v2 and /openapi/v3 documents, enough for kubectl's validation and explain.</summary>
internal sealed class OpenApi(ResourceRegistry registry)
{
    public static JsonObject V2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = "Orchestrator sandbox", ["version"] = "v1" },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    public JsonObject V3Root()
    {
        var paths = new JsonObject { ["api/v1"] = Ref("api/v1") };
        foreach (var t in registry.All.Where(t => t.Group.Length > 0).DistinctBy(t => (t.Group, t.Version)))
        {
            paths[$"apis/{t.Group}/{t.Version}"] = Ref($"apis/{t.Group}/{t.Version}");
        }

        return new JsonObject { ["paths"] = paths };
    }

    public JsonObject? V3GroupVersion(string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Orchestrator sandbox", ["version"] = version },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Ref(string path) => new() { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash=0" };
}
