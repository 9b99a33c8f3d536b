using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Json;

/// <summary>Small helpers over System.Text.Json nodes used by every layer of the emulator.</summary>
internal static class JsonNodes
{
    /// <summary>Go's encoding/json leaves quotes and non-ASCII readable; so do we, so messages read the same.</summary>
    public static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? String(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Walks a dotted path ("spec.nodeName"); null when any step is missing.</summary>
    public static JsonNode? At(JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The text a selector or a table cell sees for a scalar.</summary>
    public static string ScalarText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v => v.ToJsonString(Compact),
        _ => node.ToJsonString(Compact),
    };

    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8) as JsonObject ?? throw new JsonException("expected a JSON object");

    public static byte[] ToBytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Compact);

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
