using System.CommandLine;

namespace Orchestrator.Cli.Commands;

public static class RunArgument
{
    public static Argument<string> Create() => new("RUN") { Description = "The TrainingRun's name" };
}
