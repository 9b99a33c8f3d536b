using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Http;

/// <summary>Builds meta/v1 <c>Status</c> objects.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details?.DeepClone(),
        ["code"] = code,
    };

    public static JsonObject Success(string resource, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(resource, name),
    };

    /// <summary><paramref name="resource"/> is "plural" or "plural.group", as the API server names it.</summary>
    public static JsonObject Details(string resource, string name)
    {
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var details = new JsonObject { ["name"] = name };
        if (dot > 0)
        {
            details["group"] = resource[(dot + 1)..];
            details["kind"] = resource[..dot];
        }
        else
        {
            details["kind"] = resource;
        }

        return details;
    }
}
