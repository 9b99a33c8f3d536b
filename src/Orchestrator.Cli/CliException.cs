namespace Orchestrator.Cli;

/// <summary>A failure to report as one line on stderr with a named exit code; never a stack trace.</summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
