using System.CommandLine;
using Orchestrator.Api;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl list [-A] [-l selector]</c>.</summary>
public static class ListCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "List runs in every namespace" };
        var selector = new Option<string?>("--selector", "-l") { Description = "Label selector, e.g. team=vision" };
        var command = new Command("list", "List TrainingRuns") { allNamespaces, selector };
        command.Aliases.Add("ls");
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var all = parse.GetValue(allNamespaces);
            var ns = all ? null : global.ResolveNamespace(parse);
            var list = await client.ListAsync(ns, parse.GetValue(selector), ct);
            var runs = list.Items
                .OrderBy(r => r.Metadata.NamespaceProperty, StringComparer.Ordinal)
                .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)
                .ToList();
            switch (parse.GetValue(global.Output))
            {
                case OutputFormat.Json:
                    list.Items = runs;
                    await services.Console.Out.WriteLineAsync(ObjectOutput.Json(list));
                    return ExitCodes.Ok;
                case OutputFormat.Yaml:
                    list.Items = runs;
                    await services.Console.Out.WriteLineAsync(ObjectOutput.Yaml(list));
                    return ExitCodes.Ok;
                case var format:
                    if (runs.Count == 0)
                    {
                        await services.Console.Error.WriteLineAsync(ns is null ? "No TrainingRuns found." : $"No TrainingRuns found in namespace {ns}.");
                        return ExitCodes.Ok;
                    }

                    RunsTable(runs, all, format == OutputFormat.Wide, services.Time.GetUtcNow()).WriteTo(services.Console.Out);
                    return ExitCodes.Ok;
            }
        });
        return command;
    }

    public static TextTable RunsTable(IReadOnlyList<TrainingRun> runs, bool withNamespace, bool wide, DateTimeOffset now)
    {
        var headers = new List<string>();
        if (withNamespace)
        {
            headers.Add("NAMESPACE");
        }

        headers.AddRange(["NAME", "PHASE", "CAPACITY", "ATTEMPT", "PREEMPTIONS", "CHECKPOINT", "PROGRESS", "ETA", "AGE"]);
        if (wide)
        {
            headers.AddRange(["QUEUE", "APP-FAILURES", "COST", "SAVINGS"]);
        }

        var table = new TextTable([.. headers]);
        foreach (var run in runs)
        {
            var cells = new List<string>();
            if (withNamespace)
            {
                cells.Add(run.Metadata.NamespaceProperty ?? "");
            }

            cells.AddRange([
                run.Metadata.Name,
                RunFacts.Phase(run),
                RunFacts.Capacity(run),
                RunFacts.Attempt(run),
                RunFacts.Preemptions(run),
                RunFacts.CheckpointStep(run),
                RunFacts.Progress(run),
                RunFacts.Eta(run, now),
                HumanDuration.Age(run.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(c, TimeSpan.Zero) : null, now),
            ]);
            if (wide)
            {
                var queue = run.Status?.Attempts is { Count: > 0 } attempts ? attempts[^1].Queue : "-";
                cells.AddRange([
                    queue,
                    (run.Status?.AppFailures ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    RunFacts.Money(run.Status?.Cost?.Estimated),
                    run.Status?.Cost is { } cost ? RunFacts.Percent(cost.SavingsPercent / 100) : "-",
                ]);
            }

            table.Add([.. cells]);
        }

        return table;
    }
}
