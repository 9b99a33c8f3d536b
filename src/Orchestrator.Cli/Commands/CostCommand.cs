using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;
using Orchestrator.Core.Cost;
using Orchestrator.Core.Durations;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl cost [-A] [-n NS] [--by team|namespace|run] [--since D] [-o table|csv|json]</c>: GPU-hours, spend and
/// savings per group, from the runs' status alone (Core's <see cref="Showback"/>), so it works without Prometheus.
/// </summary>
public static class CostCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(GlobalOptions global, CliServices services)
    {
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "Every namespace" };
        var by = new Option<ShowbackGrouping>("--by") { Description = "Group by team (the runs' team label), namespace or run", DefaultValueFactory = _ => ShowbackGrouping.Team };
        by.AcceptOnlyFromAmong("team", "namespace", "run");
        var since = new Option<string?>("--since") { Description = "Only attempts running in this last period (24h, 168h); default: all time" };
        var selector = new Option<string?>("--selector", "-l") { Description = "Label selector for the runs" };
        var command = new Command("cost", "GPU-hours, spend and savings by team, namespace or run") { allNamespaces, by, since, selector };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            DateTimeOffset? from = parse.GetValue(since) is { } d
                ? GoDuration.TryParse(d, out var period) && period > TimeSpan.Zero
                    ? services.Time.GetUtcNow() - period
                    : throw new CliException(ExitCodes.Usage, $"--since: \"{d}\" is not a positive duration (24h, 168h)")
                : null;
            var ns = parse.GetValue(allNamespaces) ? null : global.ResolveNamespace(parse);
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var runs = await client.ListAsync(ns, parse.GetValue(selector), ct);
            var grouping = parse.GetValue(by);
            var rows = Showback.Aggregate(runs.Items, grouping, from);
            var total = Showback.Total(rows);
            switch (parse.GetValue(global.Output))
            {
                case OutputFormat.Json or OutputFormat.Yaml:
                    await services.Console.Out.WriteLineAsync(Json(grouping, from, rows, total));
                    break;
                case OutputFormat.Csv:
                    await services.Console.Out.WriteAsync(Csv(rows));
                    break;
                default:
                    if (rows.Count == 0)
                    {
                        await services.Console.Error.WriteLineAsync(ns is null ? "No TrainingRuns found." : $"No TrainingRuns found in namespace {ns}.");
                        break;
                    }

                    Table(grouping, rows, total).WriteTo(services.Console.Out);
                    break;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static TextTable Table(ShowbackGrouping by, IReadOnlyList<ShowbackRow> rows, ShowbackRow total)
    {
        var table = new TextTable(by.ToString().ToUpperInvariant(), "RUNS", "SPOT GPU-H", "ON-DEMAND GPU-H", "SPEND", "ALL ON-DEMAND", "SAVINGS", "SAVED", "PREEMPTIONS", "LOST WORK");
        foreach (var row in rows.Append(total))
        {
            table.Add(
                row.Group,
                I($"{row.Runs}"),
                I($"{row.SpotGpuHours:0.00}"),
                I($"{row.OnDemandGpuHours:0.00}"),
                I($"{row.Estimated:0.00}"),
                I($"{row.AllOnDemand:0.00}"),
                I($"{row.Savings:0.00}"),
                I($"{row.SavingsPercent:0}%"),
                I($"{row.Preemptions}"),
                HumanDuration.Format(TimeSpan.FromHours(row.LostWorkHours)));
        }

        return table;
    }

    private static string Csv(IReadOnlyList<ShowbackRow> rows)
    {
        var csv = new StringBuilder("group,runs,spot_gpu_hours,on_demand_gpu_hours,spend,all_on_demand,savings,savings_percent,preemptions,lost_work_hours\n");
        foreach (var r in rows)
        {
            csv.Append(I($"{Quote(r.Group)},{r.Runs},{r.SpotGpuHours:0.####},{r.OnDemandGpuHours:0.####},{r.Estimated:0.####},{r.AllOnDemand:0.####},{r.Savings:0.####},{r.SavingsPercent:0.##},{r.Preemptions},{r.LostWorkHours:0.####}\n"));
        }

        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static string Json(ShowbackGrouping by, DateTimeOffset? since, IReadOnlyList<ShowbackRow> rows, ShowbackRow total)
    {
        static object Row(ShowbackRow r) => new
        {
            group = r.Group,
            runs = r.Runs,
            spotGpuHours = r.SpotGpuHours,
            onDemandGpuHours = r.OnDemandGpuHours,
            spend = r.Estimated,
            allOnDemand = r.AllOnDemand,
            savings = r.Savings,
            savingsPercent = r.SavingsPercent,
            preemptions = r.Preemptions,
            lostWorkHours = r.LostWorkHours,
        };

        return JsonSerializer.Serialize(
            new { by = by.ToString().ToLowerInvariant(), since, groups = rows.Select(Row), total = Row(total) },
            Indented);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
