using System.CommandLine;

namespace Orchestrator.Cli.Commands;

/// <summary>Runs a command body and turns every expected failure into one line on stderr and a named exit code.</summary>
public static class CommandAction
{
    public static void Set(Command command, CliServices services, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (CliException e)
            {
                await services.Console.Error.WriteLineAsync($"trainctl: {e.Message}");
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        });
}
