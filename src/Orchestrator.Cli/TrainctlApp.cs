using System.CommandLine;
using Orchestrator.Cli.Commands;

namespace Orchestrator.Cli;

/// <summary>Builds trainctl's command tree; Program and the tests both run it.</summary>
public static class TrainctlApp
{
    public static RootCommand Build(CliServices services)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("trainctl: submit and follow TrainingRuns that survive spot preemptions");
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(SubmitCommand.Create(global, services));
        root.Subcommands.Add(ListCommand.Create(global, services));
        root.Subcommands.Add(StatusCommand.Create(global, services));
        root.Subcommands.Add(DescribeCommand.Create(global, services));
        root.Subcommands.Add(LogsCommand.Create(global, services));
        root.Subcommands.Add(CostCommand.Create(global, services));
        root.Subcommands.Add(SuspendCommand.Create(global, services));
        root.Subcommands.Add(ResumeCommand.Create(global, services));
        root.Subcommands.Add(CheckpointsCommand.Create(global, services));
        root.Subcommands.Add(DeleteCommand.Create(global, services));
        root.Subcommands.Add(SimulateCommand.Create(global, services));
        root.Subcommands.Add(SandboxCommand.Create(global, services));
        root.Subcommands.Add(DemoCommand.Create(services));
        root.Subcommands.Add(CompletionCommand.Create(services));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliServices services, CancellationToken ct = default)
    {
        if (args is ["agent", .. var agentArgs])
        {
            // The in-pod agent parses its own flags and environment (docs/checkpointing.md): one binary serves
            // the controller image and the worker pods.
            return await Checkpoints.Agent.AgentProgram.RunAsync(agentArgs, log: services.Console.Error, cancellationToken: ct);
        }

        var parse = Build(services).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await services.Console.Error.WriteLineAsync($"trainctl: {error.Message}");
            }

            await services.Console.Error.WriteLineAsync("Run 'trainctl --help' for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = services.Console.Out, Error = services.Console.Error };
        return await parse.InvokeAsync(config, ct);
    }
}
