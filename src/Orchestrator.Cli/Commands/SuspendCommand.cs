using System.CommandLine;
using Orchestrator.Api;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl suspend RUN</c>: sets spec.suspend; the controller checkpoints, then stops the attempt.</summary>
public static class SuspendCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var validate = ValidateOption.Create();
        var command = new Command("suspend", "Checkpoint a run and stop it; resume continues from that checkpoint") { run, validate };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)), services.Console.Error);
            var ns = global.ResolveNamespace(parse);
            var name = parse.GetValue(run)!;
            var current = await client.GetAsync(ns, name, ct);
            if (current.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed)
            {
                throw new CliException(ExitCodes.Conflict, $"trainingrun \"{name}\" is {current.Status.Phase}; there is nothing to suspend");
            }

            if (current.Spec.Suspend == true)
            {
                await services.Console.Out.WriteLineAsync($"trainingrun/{name} is already suspended");
                return ExitCodes.Ok;
            }

            await client.MergePatchAsync(ns, name, new { spec = new { suspend = true } }, ct, parse.GetValue(validate));
            await services.Console.Out.WriteLineAsync($"trainingrun/{name} suspending (a checkpoint is taken before the attempt stops)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
