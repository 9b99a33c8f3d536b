using System.CommandLine;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl delete RUN</c>: the controller's finalizer stops the attempt; checkpoints stay in storage.</summary>
public static class DeleteCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var command = new Command("delete", "Delete a run (its checkpoints stay in storage)") { run };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var name = parse.GetValue(run)!;
            await client.DeleteAsync(global.ResolveNamespace(parse), name, ct);
            await services.Console.Out.WriteLineAsync($"trainingrun/{name} deleted");
            return ExitCodes.Ok;
        });
        return command;
    }
}
