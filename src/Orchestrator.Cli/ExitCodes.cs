namespace Orchestrator.Cli;

/// <summary>trainctl's exit codes, documented in docs/cli.md. Scripts may rely on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything unexpected, including server errors (5xx).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>The named TrainingRun (or file) does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>Malformed YAML or a spec that fails validation; the message names the field or line.</summary>
    public const int InvalidInput = 4;

    /// <summary>The API server or storage could not be reached.</summary>
    public const int Unreachable = 5;

    /// <summary>The kubeconfig is missing, unreadable, or lacks the requested context.</summary>
    public const int Config = 6;

    /// <summary>The request conflicts with the run's state (already exists, already finished, verification failed).</summary>
    public const int Conflict = 7;
}
