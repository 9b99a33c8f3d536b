using System.Globalization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>The trainer's local folder names: <c>step-&lt;step, 12 digits&gt;</c>.</summary>
public static class StepFolders
{
    public const string Prefix = "step-";

    public const string FinishedMarker = ".finished";

    public static string Name(long step) => Prefix + step.ToString("D12", CultureInfo.InvariantCulture);

    public static long? TryParseStep(string folderName) =>
        folderName.Length == Prefix.Length + 12
        && folderName.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(folderName.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
}
