using System.Globalization;
using System.Text;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Cli.Rendering;

/// <summary>Everything about a run for <c>trainctl describe</c>: spec, status, conditions and events.</summary>
public static class DescribeView
{
    public static string Render(TrainingRun run, IReadOnlyList<Corev1Event> events, DateTimeOffset now)
    {
        var spec = run.Spec;
        var text = new StringBuilder();
        Line(text, "Name", run.Metadata.Name);
        Line(text, "Namespace", run.Metadata.NamespaceProperty ?? "");
        Line(text, "Labels", Pairs(run.Metadata.Labels));
        Line(text, "Created", RunFacts.Time(run.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(c, TimeSpan.Zero) : null));
        Line(text, "Generation", Invariant($"{run.Metadata.Generation} (observed {run.Status?.ObservedGeneration?.ToString(CultureInfo.InvariantCulture) ?? "-"})"));
        text.AppendLine("Spec:");
        var gpus = RunFacts.GpusPerRun(run);
        Line(text, "  Workers", Invariant($"{spec.Workers} ({gpus} GPU{(gpus == 1 ? "" : "s")} in all)"));
        Line(text, "  Queues", $"spot={spec.Queues.Spot}, on-demand={spec.Queues.OnDemand}");
        var fallback = spec.Capacity?.Fallback;
        Line(text, "  Capacity", $"prefers {(spec.Capacity?.Preferred ?? Defaults.PreferredCapacity) switch { CapacityType.Spot => "spot", _ => "on-demand" }}, fallback {FallbackText(fallback)}");
        Line(text, "  Storage", spec.Checkpoint.Storage.Uri + (spec.Checkpoint.Storage.CredentialsSecret is { } secret ? $" (credentials from secret {secret.Name})" : ""));
        Line(text, "  Checkpoints", Invariant($"interval {spec.Checkpoint.Interval ?? Defaults.Interval}, save on notice {(spec.Checkpoint.SaveOnNotice ?? Defaults.SaveOnNotice ? "on" : "off")}, timeout {spec.Checkpoint.SaveTimeout ?? Defaults.SaveTimeout}, keep {spec.Checkpoint.Keep ?? Defaults.Keep}"));
        Line(text, "  Max failures", (spec.MaxAppFailures ?? Defaults.MaxAppFailures).ToString(CultureInfo.InvariantCulture));
        Line(text, "  Suspend", (spec.Suspend ?? false) ? "true" : "false");
        if (spec.Pricing is { } p)
        {
            Line(text, "  Pricing", $"spot {RunFacts.Money(p.SpotPerGpuHour)}/GPU-h, on-demand {RunFacts.Money(p.OnDemandPerGpuHour)}/GPU-h");
        }

        text.AppendLine("Status:");
        foreach (var line in StatusView.Render(run, now).Split('\n').Skip(1))
        {
            text.Append("  ").AppendLine(line);
        }

        text.AppendLine("Conditions:");
        if (run.Status?.Conditions is { Count: > 0 } conditions)
        {
            var table = new TextTable("TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
            foreach (var cond in conditions)
            {
                table.Add(cond.Type, cond.Status, cond.Reason ?? "", HumanDuration.Age(cond.LastTransitionTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null, now), cond.Message ?? "");
            }

            Indent(text, table);
        }
        else
        {
            text.AppendLine("  <none>");
        }

        text.AppendLine("Events:");
        if (events.Count > 0)
        {
            var table = new TextTable("TYPE", "REASON", "AGE", "FROM", "MESSAGE");
            foreach (var e in events)
            {
                var when = e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp;
                table.Add(e.Type ?? "", e.Reason ?? "", HumanDuration.Age(when is { } w ? new DateTimeOffset(w, TimeSpan.Zero) : null, now), e.Source?.Component ?? e.ReportingComponent ?? "", e.Message ?? "");
            }

            Indent(text, table);
        }
        else
        {
            text.AppendLine("  <none>");
        }

        return text.ToString();
    }

    public static string FallbackText(FallbackSpec? f)
    {
        var policies = f?.Policies is { Count: > 0 } p ? p : [FallbackPolicy.Never];
        return string.Join(" + ", policies.Select(policy => policy switch
        {
            FallbackPolicy.AfterPreemptions => Invariant($"AfterPreemptions({f?.AfterPreemptions})"),
            FallbackPolicy.AfterSpotWait => $"AfterSpotWait({f?.SpotWait})",
            FallbackPolicy.Deadline => $"Deadline({RunFacts.Time(f?.Deadline)}, needs {f?.ExpectedDuration}, changeover {f?.ChangeoverDelay ?? Defaults.ChangeoverDelay})",
            _ => "Never",
        }));
    }

    private static void Indent(StringBuilder text, TextTable table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        table.WriteTo(writer);
        foreach (var line in writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("  ").AppendLine(line);
        }
    }

    private static string Pairs(IDictionary<string, string>? map) =>
        map is { Count: > 0 } ? string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) : "<none>";

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append((label + ":").PadRight(16)).AppendLine(value);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
