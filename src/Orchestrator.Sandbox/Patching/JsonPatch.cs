using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox.Patching;

/// <summary>RFC 6902 operations (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var opNode in operations)
        {
            if (opNode is not JsonObject op)
            {
                throw ApiException.BadRequest("json patch: each operation must be an object");
            }

            var kind = op["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch: missing \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch: missing \"path\"");
            switch (kind)
            {
                case "add":
                    Add(root, path, Value(op));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(op));
                    break;
                case "move":
                    var moved = Remove(root, From(op));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Get(root, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"json patch: test failed at {path}");
                    }

                    break;
                default:
                    throw ApiException.BadRequest($"json patch: unknown op \"{kind}\"");
            }
        }

        return root["doc"]!.DeepClone();
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw ApiException.BadRequest("json patch: missing \"value\"");

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch: missing \"from\"");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string path)
    {
        string[] tokens = ["doc", .. Tokens(path)];
        JsonNode? node = root;
        foreach (var token in tokens[..^1])
        {
            node = Child(node, token) ?? throw Missing(path);
        }

        return (node!, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode? node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        return Child(parent, last);
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode? Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Missing(path);
        }
    }

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: json patch: path \"{path}\" does not exist");
}
