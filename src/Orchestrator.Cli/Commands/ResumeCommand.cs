using System.CommandLine;
using System.Globalization;
using Orchestrator.Api;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl resume RUN</c>: clears spec.suspend; for a Failed run it also writes a restart request
/// (an annotation with a fresh id) that the controller answers with a new attempt from the newest checkpoint.
/// </summary>
public static class ResumeCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var validate = ValidateOption.Create();
        var command = new Command("resume", "Resume a suspended run, or restart a Failed run from its newest checkpoint") { run, validate };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)), services.Console.Error);
            var ns = global.ResolveNamespace(parse);
            var name = parse.GetValue(run)!;
            var current = await client.GetAsync(ns, name, ct);
            switch (current.Status?.Phase)
            {
                case RunPhase.Succeeded:
                    throw new CliException(ExitCodes.Conflict, $"trainingrun \"{name}\" already succeeded; there is nothing to resume");
                case RunPhase.Failed:
                    var requestId = services.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                    await client.MergePatchAsync(ns, name, new
                    {
                        metadata = new { annotations = new Dictionary<string, string> { [Annotations.RestartRequest] = requestId } },
                        spec = new { suspend = false },
                    }, ct, parse.GetValue(validate));
                    var from = current.Status.LastCheckpoint is { } c ? $"checkpoint step {c.Step}" : "the start (no checkpoint was committed)";
                    await services.Console.Out.WriteLineAsync($"trainingrun/{name} restarting from {from}");
                    return ExitCodes.Ok;
                default:
                    if (current.Spec.Suspend != true)
                    {
                        throw new CliException(ExitCodes.Conflict, $"trainingrun \"{name}\" is {current.Status?.Phase?.ToString() ?? "Pending"}, not suspended or failed; there is nothing to resume");
                    }

                    await client.MergePatchAsync(ns, name, new { spec = new { suspend = false } }, ct, parse.GetValue(validate));
                    await services.Console.Out.WriteLineAsync($"trainingrun/{name} resuming from its newest checkpoint");
                    return ExitCodes.Ok;
            }
        });
        return command;
    }
}
