using System.CommandLine;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl status RUN [-w]</c>.</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var watch = new Option<bool>("--watch", "-w") { Description = "Redraw on every change until the run finishes or Ctrl-C" };
        var command = new Command("status", "Show a run's phase, attempts, newest checkpoint and cost") { run, watch };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var ns = global.ResolveNamespace(parse);
            var name = parse.GetValue(run)!;
            var format = parse.GetValue(global.Output);
            if (!parse.GetValue(watch))
            {
                await Write(services, format, await client.GetAsync(ns, name, ct));
                return ExitCodes.Ok;
            }

            // On a terminal the full view repaints in place; piped, each change is one plain, timestamped line.
            var table = format is OutputFormat.Table or OutputFormat.Wide;
            var live = table && services.Console.Interactive;
            string? previous = null;
            var rows = 0;
            await foreach (var current in client.WatchAsync(ns, name, ct))
            {
                var rendered = table && !live ? WatchLine.Render(current) + "\n" : Render(services, format, current);
                if (rendered == previous)
                {
                    continue;
                }

                if (live)
                {
                    await services.Console.Out.WriteAsync(LiveFrame.Redraw(rendered, rows, services.Console.Height));
                    rows = LiveFrame.Rows(rendered, services.Console.Width);
                }
                else if (table)
                {
                    var at = services.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                    await services.Console.Out.WriteAsync(at + "  " + rendered);
                }
                else
                {
                    if (previous is not null)
                    {
                        await services.Console.Out.WriteLineAsync();
                    }

                    await services.Console.Out.WriteAsync(rendered);
                }

                await services.Console.Out.FlushAsync(ct);
                previous = rendered;
                if (current.Status?.Phase is Api.RunPhase.Succeeded or Api.RunPhase.Failed)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task Write(CliServices services, OutputFormat format, Api.TrainingRun run) =>
        services.Console.Out.WriteAsync(Render(services, format, run));

    private static string Render(CliServices services, OutputFormat format, Api.TrainingRun run) => format switch
    {
        OutputFormat.Json => ObjectOutput.Json(run.Status ?? new Api.TrainingRunStatus()) + "\n",
        OutputFormat.Yaml => ObjectOutput.Yaml(run.Status ?? new Api.TrainingRunStatus()),
        _ => StatusView.Render(run, services.Time.GetUtcNow()),
    };
}
