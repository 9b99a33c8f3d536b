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

            string? previous = null;
            await foreach (var current in client.WatchAsync(ns, name, ct))
            {
                var rendered = Render(services, format, current);
                if (rendered == previous)
                {
                    continue;
                }

                if (services.Console.Interactive && format is OutputFormat.Table or OutputFormat.Wide)
                {
                    // Clear the screen and home the cursor, so the view redraws in place like `watch`.
                    await services.Console.Out.WriteAsync("\u001b[2J\u001b[H");
                }
                else if (previous is not null)
                {
                    await services.Console.Out.WriteLineAsync();
                }

                await services.Console.Out.WriteAsync(rendered);
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
