using System.Text.Json;

namespace Orchestrator.Sandbox.Capacity;

/// <summary>
/// A spot availability trace (the format of samples/spot-traces/README.md): one value per tick of
/// <see cref="Gap"/>; for single-node traces 1 means available and 0 not, otherwise the number of
/// instances available. After the last tick the last value holds.
/// </summary>
public sealed record SpotTrace(TimeSpan Gap, IReadOnlyList<int> Values)
{
    /// <summary>True when every value is 0 or 1: a value of 1 then makes the whole pool available.</summary>
    public bool IsBinary => Values.All(v => v is 0 or 1);

    public static SpotTrace Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        if (!root.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("gap_seconds", out var gap) || !gap.TryGetDouble(out var gapSeconds) || gapSeconds <= 0)
        {
            throw new InvalidDataException($"{path}: metadata.gap_seconds must be a positive number.");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"{path}: data must be a non-empty array of ticks.");
        }

        var values = new List<int>(data.GetArrayLength());
        foreach (var tick in data.EnumerateArray())
        {
            if (!tick.TryGetDouble(out var value) || value < 0)
            {
                throw new InvalidDataException($"{path}: data[{values.Count}] must be a non-negative number, not {tick.GetRawText()}.");
            }

            values.Add((int)value);
        }

        return new SpotTrace(TimeSpan.FromSeconds(gapSeconds), values);
    }

    /// <summary>The trace starting at tick <paramref name="ticks"/>, e.g. to begin just before an outage.</summary>
    public SpotTrace Skip(int ticks) => this with { Values = Values.Skip(Math.Clamp(ticks, 0, Values.Count - 1)).ToArray() };

    public int TickAt(TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 0 : (int)Math.Min(Values.Count - 1, elapsed.Ticks / Gap.Ticks);

    public int ValueAt(TimeSpan elapsed) => Values[TickAt(elapsed)];

    /// <summary>How many of a pool's <paramref name="size"/> nodes the trace allows at a tick value.</summary>
    public int AvailableNodes(int value, int size) => IsBinary ? (value > 0 ? size : 0) : Math.Min(size, value);

    /// <summary>The elapsed time of the next tick whose value differs from the value at <paramref name="elapsed"/>, or null if none.</summary>
    public TimeSpan? NextChangeAfter(TimeSpan elapsed)
    {
        var tick = TickAt(elapsed);
        var current = Values[tick];
        for (var next = tick + 1; next < Values.Count; next++)
        {
            if (Values[next] != current)
            {
                return Gap * next;
            }
        }

        return null;
    }
}
