using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Validation;

/// <summary>JSON values as the Cel package expects them: maps, lists, long, double, string, bool.</summary>
internal static class CelValues
{
    public static object? From(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => From(p.Value)!, StringComparer.Ordinal),
        JsonArray a => a.Select(From).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
