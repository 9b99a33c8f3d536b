namespace Orchestrator.Controller.Hosting;

/// <summary>The controller's command line (docs/configuration.md is the reference).</summary>
public sealed record ControllerOptions
{
    public string? Kubeconfig { get; init; }

    public string? ConfigPath { get; init; }

    public int MetricsPort { get; init; } = 8080;

    /// <summary>The interface the metrics and health endpoints listen on: all by default, for in-cluster scraping.</summary>
    public string MetricsAddress { get; init; } = "0.0.0.0";

    public bool LeaderElect { get; init; }

    /// <summary>Concurrent reconciles (never two for the same run).</summary>
    public int Workers { get; init; } = 4;

    public string? LeaderElectionNamespace { get; init; }

    public string LeaderElectionId { get; init; } = "orchestrator-controller";

    /// <summary>Period of the retention sweep of finished runs' checkpoints; zero turns it off.</summary>
    public TimeSpan RetentionSweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Parses <c>--flag value</c> and <c>--flag=value</c>; unknown flags are errors naming the flag.</summary>
    public static ControllerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ControllerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Split(args[i]);
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ControllerUsageException($"{flag} needs a value");
                }

                return args[++i];
            }

            options = flag switch
            {
                "--kubeconfig" => options with { Kubeconfig = Value() },
                "--config" => options with { ConfigPath = Value() },
                "--metrics-port" => options with { MetricsPort = Port(Value()) },
                "--metrics-address" => options with { MetricsAddress = Value() },
                "--workers" => options with { Workers = WorkerCount(Value()) },
                "--leader-elect" => options with { LeaderElect = inline is null || bool.Parse(inline) },
                "--leader-election-namespace" => options with { LeaderElectionNamespace = Value() },
                "--leader-election-id" => options with { LeaderElectionId = Value() },
                "--retention-sweep-interval" => options with { RetentionSweepInterval = Duration(flag, Value()) },
                _ => throw new ControllerUsageException($"unknown flag {flag} (see docs/configuration.md)"),
            };
        }

        return options;
    }

    private static (string Flag, string? Inline) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static TimeSpan Duration(string flag, string text) =>
        text == "0" ? TimeSpan.Zero
        : Core.Durations.GoDuration.TryParse(text, out var d) && d >= TimeSpan.Zero ? d
        : throw new ControllerUsageException($"{flag}: \"{text}\" is not a duration such as 1h or 30m (0 turns it off)");

    private static int WorkerCount(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var workers) && workers is >= 1 and <= 256
            ? workers
            : throw new ControllerUsageException($"--workers: \"{text}\" is not a number from 1 to 256");

    private static int Port(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ControllerUsageException($"--metrics-port: \"{text}\" is not a port number");
}
