using System.Globalization;

namespace Orchestrator.Cli.Demo;

/// <summary>How a story line reads: real elapsed time, cluster clock, kind, text.</summary>
internal static class DemoText
{
    public static string Format(DemoLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"{Clock(line.Elapsed)}  cluster +{Clock(line.ClusterElapsed)}  {Tag(line.Kind),-7} {line.Text}");

    public static string Tag(DemoLineKind kind) => kind switch
    {
        DemoLineKind.Narration => "demo",
        DemoLineKind.Warning => "WARNING",
        DemoLineKind.Event => "event",
        _ => "run",
    };

    /// <summary>m:ss below an hour, h:mm:ss above.</summary>
    public static string Clock(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes:00}:{t.Seconds:00}");
}
