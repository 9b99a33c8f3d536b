using System.Globalization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// A checkpoint's identity: <c>&lt;step, 12 digits&gt;-a&lt;attempt&gt;</c>. One per step and attempt, so an
/// attempt never overwrites a checkpoint another attempt committed. Newer means a higher step, then a higher attempt.
/// </summary>
public sealed record CheckpointRef(long Step, int Attempt) : IComparable<CheckpointRef>
{
    public string Id => $"{Step.ToString("D12", CultureInfo.InvariantCulture)}-a{Attempt.ToString(CultureInfo.InvariantCulture)}";

    public static CheckpointRef? TryParse(string id)
    {
        var dash = id.IndexOf("-a", StringComparison.Ordinal);
        if (dash != 12
            || !long.TryParse(id.AsSpan(0, 12), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            || !int.TryParse(id.AsSpan(14), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt))
        {
            return null;
        }

        var parsed = new CheckpointRef(step, attempt);
        return parsed.Id == id ? parsed : null;
    }

    public int CompareTo(CheckpointRef? other) =>
        other is null ? 1 : Step != other.Step ? Step.CompareTo(other.Step) : Attempt.CompareTo(other.Attempt);

    public static bool operator <(CheckpointRef left, CheckpointRef right) => left.CompareTo(right) < 0;

    public static bool operator >(CheckpointRef left, CheckpointRef right) => left.CompareTo(right) > 0;

    public static bool operator <=(CheckpointRef left, CheckpointRef right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CheckpointRef left, CheckpointRef right) => left.CompareTo(right) >= 0;

    public override string ToString() => Id;
}
