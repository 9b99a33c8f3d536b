using System.CommandLine;
using Orchestrator.Cli.Simulate;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl simulate bench [--traces DIR]</c>: docs/policies.md's tables (Markdown on stdout). Needs no cluster.</summary>
public static class SimulateBenchCommand
{
    public static Command Create(CliServices services)
    {
        var traces = new Option<string>("--traces")
        {
            Description = "Folder of spot traces, searched recursively [default: samples/spot-traces]",
            DefaultValueFactory = _ => Path.Combine("samples", "spot-traces"),
            HelpName = "DIR",
        };
        var command = new Command("bench", "The policy comparison of docs/policies.md: every trace, 48 h of compute at 52 h and 70 h, one zone and across zones")
        {
            traces,
        };
        CommandAction.Set(command, services, (parse, _) =>
            Task.FromResult(PolicyBenchmark.Run(parse.GetValue(traces)!, services.Console.Out, services.Console.Error)));
        return command;
    }
}
