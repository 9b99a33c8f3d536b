using System.Globalization;
using System.Text;
using Orchestrator.Api;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Demo;

/// <summary>The demo's closing account: every attempt with its capacity, end and lost work; GPU-hours by capacity; cost against all on-demand.</summary>
public static class DemoSummary
{
    public static string Render(TrainingRun run, TimeSpan real, TimeSpan cluster)
    {
        var s = run.Status ?? new TrainingRunStatus();
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(Invariant($"Summary: {RunFacts.Phase(run)} after {HumanDuration.Format(cluster)} of cluster time ({real.TotalSeconds:0} s on this machine), {s.Attempts?.Count ?? 0} attempts, {s.Preemptions} preemptions, {s.AppFailures} application failures"));
        var table = new TextTable("ATTEMPT", "CAPACITY", "RESUMED FROM", "RAN", "END", "LOST WORK", "GPU-HOURS");
        foreach (var a in s.Attempts ?? [])
        {
            table.Add(
                a.Index.ToString(CultureInfo.InvariantCulture),
                a.Capacity == CapacityType.Spot ? "spot" : "on-demand",
                a.RestoredStep is { } step ? Invariant($"step {step}") : "the start",
                a.StartTime is { } st && a.EndTime is { } et ? HumanDuration.Format(et - st) : "-",
                a.EndReason?.ToString() ?? "-",
                a.LostWorkSeconds is { } lost ? HumanDuration.Format(TimeSpan.FromSeconds(lost)) : "-",
                a.GpuSeconds is { } gpu ? (gpu / 3600).ToString("0.00", CultureInfo.InvariantCulture) : "-");
        }

        using (var writer = new StringWriter(CultureInfo.InvariantCulture))
        {
            table.WriteTo(writer);
            foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append("  ").AppendLine(line);
            }
        }

        // The sum of what the LOST WORK column shows (whole seconds, as HumanDuration prints them), so a reader adding
        // up the rows gets the same figure: 0.6 s + 24.5 s reads "0s", "24s" and "24s in all", not "25s".
        var lostInAll = (s.Attempts ?? []).Sum(a => Math.Floor(a.LostWorkSeconds ?? 0));
        text.AppendLine(Invariant($"Lost work:   {HumanDuration.Format(TimeSpan.FromSeconds(lostInAll))} in all (the notice's just-in-time checkpoint saved the rest)"));
        if (s.GpuSeconds is { } g)
        {
            text.AppendLine($"GPU-hours:   spot {RunFacts.Hours(g.Spot)}, on-demand {RunFacts.Hours(g.OnDemand)}");
        }

        if (s.Cost is { } c)
        {
            text.AppendLine(Invariant($"Cost:        {RunFacts.Money(c.Estimated)} vs {RunFacts.Money(c.AllOnDemand)} all on-demand: saved {RunFacts.Money(c.Savings)} ({c.SavingsPercent:0}%)"));
        }

        if (s.LastCheckpoint is { } last)
        {
            text.AppendLine(Invariant($"Checkpoint:  newest step {last.Step} ({StatusView.Bytes(last.SizeBytes)}), id {last.Id}"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
