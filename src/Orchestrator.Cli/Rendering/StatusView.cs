using System.Globalization;
using System.Text;
using Orchestrator.Api;

namespace Orchestrator.Cli.Rendering;

/// <summary>The human view of one run for <c>trainctl status</c>: where it is, its attempts, its newest checkpoint, its cost.</summary>
public static class StatusView
{
    public static string Render(TrainingRun run, DateTimeOffset now)
    {
        var s = run.Status;
        var text = new StringBuilder();
        Line(text, "Run", $"{run.Metadata.NamespaceProperty}/{run.Metadata.Name}");
        Line(text, "Phase", PhaseLine(run));
        if (!string.IsNullOrEmpty(s?.Message))
        {
            Line(text, "Message", s.Message);
        }

        var maxFailures = run.Spec.MaxAppFailures ?? Defaults.MaxAppFailures;
        Line(text, "Preemptions", Invariant($"{s?.Preemptions ?? 0}   App failures: {s?.AppFailures ?? 0}/{maxFailures}"));
        Line(text, "Checkpoint", CheckpointLine(s?.LastCheckpoint, now));
        if (s?.Progress is { } progress)
        {
            var bar = progress.TotalSteps is { } total && total > 0 ? ProgressBar.Render(progress.Step, total) + " " : "";
            Line(text, "Progress", bar + ProgressLine.Render(progress, now));
        }

        if (s?.Notice is { } notice)
        {
            Line(text, "Notice", NoticeLine(notice, now));
        }

        if (s?.GpuSeconds is { } gpu)
        {
            Line(text, "GPU time", $"spot {RunFacts.Hours(gpu.Spot)}, on-demand {RunFacts.Hours(gpu.OnDemand)}");
        }

        if (s?.Cost is { } cost)
        {
            Line(text, "Cost", $"{RunFacts.Money(cost.Estimated)} (all on-demand {RunFacts.Money(cost.AllOnDemand)}, saved {RunFacts.Money(cost.Savings)} = {RunFacts.Percent(cost.SavingsPercent / 100)})");
        }

        text.AppendLine();
        if (s?.Attempts is not { Count: > 0 } attempts)
        {
            text.AppendLine("No attempts yet.");
            return text.ToString();
        }

        text.AppendLine("Attempts:");
        var table = new TextTable("#", "CAPACITY", "QUEUE", "STARTED", "RAN", "END", "LOST WORK", "EVIDENCE");
        foreach (var a in attempts)
        {
            var started = a.StartTime ?? a.CreateTime;
            var ran = a.StartTime is { } st ? HumanDuration.Format((a.EndTime ?? now) - st) : "-";
            table.Add(
                a.Index.ToString(CultureInfo.InvariantCulture),
                a.Capacity == CapacityType.Spot ? "spot" : "on-demand",
                a.Queue,
                started is null ? "-" : HumanDuration.Format(now - started.Value) + " ago",
                ran,
                a.EndReason?.ToString() ?? (a.EndTime is null ? "(running)" : "-"),
                a.LostWorkSeconds is { } lost ? HumanDuration.Format(TimeSpan.FromSeconds(lost)) : "-",
                a.Evidence is { Count: > 0 } ev ? ev[0] + (ev.Count > 1 ? Invariant($" (+{ev.Count - 1})") : "") : "");
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        table.WriteTo(writer);
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("  ").AppendLine(line);
        }

        return text.ToString();
    }

    private static string PhaseLine(TrainingRun run)
    {
        var s = run.Status;
        var phase = RunFacts.Phase(run);
        if (s is null || s.CurrentAttempt == 0)
        {
            return phase;
        }

        var queue = s.Attempts is { Count: > 0 } a ? a[^1].Queue : "";
        return Invariant($"{phase} (attempt {s.CurrentAttempt} on {RunFacts.Capacity(run)}{(queue.Length > 0 ? ", queue " + queue : "")})");
    }

    private static string CheckpointLine(CheckpointStatus? c, DateTimeOffset now) =>
        c is null
            ? "none committed yet"
            : Invariant($"step {c.Step}, {Bytes(c.SizeBytes)}, committed {HumanDuration.Format(now - c.Time)} ago (id {c.Id})");

    private static string NoticeLine(NoticeStatus n, DateTimeOffset now)
    {
        var left = n.Deadline - now;
        var window = left > TimeSpan.Zero ? $"{HumanDuration.Format(left)} left" : "window closed";
        var save = n.SaveRequestedTime is null ? "no checkpoint requested (would not fit)" : "checkpoint requested";
        return $"{n.Signal} on {n.Source}, {window}, {save}";
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => Invariant($"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => Invariant($"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => Invariant($"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => Invariant($"{bytes} B"),
    };

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append((label + ":").PadRight(13)).AppendLine(value);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
