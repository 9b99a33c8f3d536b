using System.CommandLine;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl describe RUN</c>.</summary>
public static class DescribeCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var command = new Command("describe", "Show everything about a run, with its events") { run };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var current = await client.GetAsync(global.ResolveNamespace(parse), parse.GetValue(run)!, ct);
            var format = parse.GetValue(global.Output);
            var text = format switch
            {
                OutputFormat.Json => ObjectOutput.Json(current) + "\n",
                OutputFormat.Yaml => ObjectOutput.Yaml(current),
                _ => DescribeView.Render(current, await client.EventsAsync(current, ct), services.Time.GetUtcNow()),
            };
            await services.Console.Out.WriteAsync(text);
            return ExitCodes.Ok;
        });
        return command;
    }
}
