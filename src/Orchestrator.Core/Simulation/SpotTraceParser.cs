using System.Text.Json;

namespace Orchestrator.Core.Simulation;

/// <summary>
/// Reads the Can't Be Late trace format: <c>{"metadata":{"gap_seconds":N},"data":[1,0,...]}</c>. A tick is available
/// when its value is above zero (multi-node traces count instances; one is enough here).
/// </summary>
public static class SpotTraceParser
{
    public static SpotTrace Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new SpotTraceFormatException($"not valid JSON: {e.Message}", e);
        }
    }

    public static SpotTrace Parse(Stream stream)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new SpotTraceFormatException($"not valid JSON: {e.Message}", e);
        }
    }

    private static SpotTrace Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SpotTraceFormatException("expected a JSON object with \"metadata\" and \"data\"");
        }

        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("gap_seconds", out var gapElement) || gapElement.ValueKind != JsonValueKind.Number
            || !gapElement.TryGetDouble(out var gapSeconds))
        {
            throw new SpotTraceFormatException("metadata.gap_seconds is missing or not a number");
        }

        if (gapSeconds <= 0)
        {
            throw new SpotTraceFormatException($"metadata.gap_seconds must be positive, got {gapSeconds}");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new SpotTraceFormatException("data is missing or not an array");
        }

        var available = new List<bool>(data.GetArrayLength());
        foreach (var point in data.EnumerateArray())
        {
            if (point.ValueKind != JsonValueKind.Number || !point.TryGetDouble(out var value))
            {
                throw new SpotTraceFormatException($"data[{available.Count}] is not a number");
            }

            available.Add(value > 0);
        }

        if (available.Count == 0)
        {
            throw new SpotTraceFormatException("data is empty");
        }

        return new SpotTrace(TimeSpan.FromSeconds(gapSeconds), available);
    }
}
