using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>The agent's settings: command-line flags override the ORCH_* environment the controller injects.</summary>
public sealed record AgentOptions
{
    public required string Dir { get; init; }

    public required string Uri { get; init; }

    public required string Namespace { get; init; }

    public required string Run { get; init; }

    public int Attempt { get; init; } = 1;

    public int Rank { get; init; }

    public int WorldSize { get; init; } = 1;

    public string? PodName { get; init; }

    public int Keep { get; init; } = Defaults.Keep;

    /// <summary>The container's terminationMessagePath: where the agent says what it could not do (AgentTerminationMessage).</summary>
    public string TerminationMessagePath { get; init; } = "/dev/termination-log";

    /// <summary>No Kubernetes API: status goes to files under <c>D/.orchestrator/</c>, save requests come only as files.</summary>
    public bool NoKube { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long rank 0 waits for the other ranks' manifests.</summary>
    public TimeSpan CommitTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A gang's agents agree on the step to save for a request through the store (<see cref="SaveAgreement"/>);
    /// this long without every rank's step, the trainer's hold is released (a peer is gone).
    /// </summary>
    public TimeSpan AgreeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a gang's restore waits for rank 0's plan and for the other ranks' verdicts on a candidate.</summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After SIGTERM, how long the sidecar may keep uploading before it gives up.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(110);

    /// <summary>While draining, an unfinished step folder changed within this long counts as a save in progress.</summary>
    public TimeSpan SaveQuiet { get; init; } = TimeSpan.FromSeconds(5);

    public static AgentOptions Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                flags[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (arg == "--no-kube")
            {
                flags["no-kube"] = "true";
            }
            else if (i + 1 < args.Count)
            {
                flags[arg[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{arg} needs a value");
            }
        }

        string? Value(string flag, string envName) =>
            flags.TryGetValue(flag, out var f) ? f
            : env.TryGetValue(envName, out var e) && !string.IsNullOrWhiteSpace(e) ? e.Trim()
            : null;

        string Required(string flag, string envName) =>
            Value(flag, envName) ?? throw new ArgumentException($"--{flag} or {envName} is required");

        int Int(string flag, string envName, int fallback, int min)
        {
            var v = Value(flag, envName);
            if (v is null)
            {
                return fallback;
            }

            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min)
            {
                throw new ArgumentException($"--{flag}/{envName}: '{v}' is not a whole number >= {min}");
            }

            return n;
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "dir", "uri", "termination-message-path", "namespace", "run", "attempt", "rank", "world-size", "pod", "keep", "no-kube", "poll-ms", "commit-timeout-seconds", "grace-seconds", "save-quiet-ms", "agree-timeout-seconds", "restore-timeout-seconds",
        };
        if (flags.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"unknown option --{unknown}");
        }

        var options = new AgentOptions
        {
            Dir = Path.GetFullPath(Required("dir", EnvVars.CheckpointDir)),
            Uri = Required("uri", EnvVars.CheckpointUri),
            Namespace = Value("namespace", EnvVars.Namespace) ?? "default",
            Run = Required("run", EnvVars.Run),
            Attempt = Int("attempt", EnvVars.Attempt, 1, 1),
            Rank = Int("rank", EnvVars.Rank, 0, 0),
            WorldSize = Int("world-size", EnvVars.WorldSize, 1, 1),
            PodName = Value("pod", EnvVars.PodName),
            Keep = Int("keep", EnvVars.CheckpointKeep, Defaults.Keep, 1),
            TerminationMessagePath = Value("termination-message-path", EnvVars.TerminationMessagePath) ?? "/dev/termination-log",
            NoKube = bool.TryParse(Value("no-kube", EnvVars.NoKube), out var noKube) && noKube,
            PollInterval = TimeSpan.FromMilliseconds(Int("poll-ms", "ORCH_AGENT_POLL_MS", 1000, 10)),
            CommitTimeout = TimeSpan.FromSeconds(Int("commit-timeout-seconds", "ORCH_AGENT_COMMIT_TIMEOUT_SECONDS", 600, 1)),
            Grace = TimeSpan.FromSeconds(Int("grace-seconds", EnvVars.AgentGraceSeconds, 110, 1)),
            SaveQuiet = TimeSpan.FromMilliseconds(Int("save-quiet-ms", "ORCH_AGENT_SAVE_QUIET_MS", 5000, 0)),
            AgreeTimeout = TimeSpan.FromSeconds(Int("agree-timeout-seconds", "ORCH_AGENT_AGREE_TIMEOUT_SECONDS", 30, 1)),
            RestoreTimeout = TimeSpan.FromSeconds(Int("restore-timeout-seconds", "ORCH_AGENT_RESTORE_TIMEOUT_SECONDS", 600, 1)),
        };
        if (options.Rank >= options.WorldSize)
        {
            throw new ArgumentException($"rank {options.Rank} is not below the world size {options.WorldSize}");
        }

        if (!options.NoKube && options.PodName is null)
        {
            throw new ArgumentException($"--pod or {EnvVars.PodName} is required (or --no-kube / {EnvVars.NoKube}=true)");
        }

        return options;
    }
}
