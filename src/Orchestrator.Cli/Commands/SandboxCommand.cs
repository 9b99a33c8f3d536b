using System.CommandLine;
using System.Globalization;
using Orchestrator.Cli.Local;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Time;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl sandbox --kubeconfig PATH [--port N] [--time-scale F] [--watch-history N]</c>: the in-process cluster
/// (API server, Kueue, spot and on-demand node pools, process kubelet) in the foreground until Ctrl-C,
/// with a kubeconfig for kubectl, trainctl and the controller.
/// </summary>
public static class SandboxCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 to serve on (default: a free port)", DefaultValueFactory = _ => 0 };
        var timeScale = new Option<double>("--time-scale") { Description = "Sandbox seconds per real second (default 1; 60 makes a minute pass in a second)", DefaultValueFactory = _ => 1 };
        var watchHistory = new Option<int>("--watch-history")
        {
            Description = "Changes the API server keeps for watches and continue tokens (default 10000); older ones get 410 Gone, so a small value tries a client's re-list",
            DefaultValueFactory = _ => new SandboxApiOptions().WatchHistory,
        };
        var command = new Command("sandbox", "Run a local sandbox cluster in the foreground and write its kubeconfig (--kubeconfig PATH)") { port, timeScale, watchHistory };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var path = parse.GetValue(global.Kubeconfig) is { Length: > 0 } flag
                ? Path.GetFullPath(flag)
                : throw new CliException(ExitCodes.Usage, "sandbox: --kubeconfig PATH is required (where to write the sandbox's kubeconfig)");
            var listen = parse.GetValue(port);
            if (listen is < 0 or > 65535)
            {
                throw new CliException(ExitCodes.Usage, Invariant($"sandbox: --port {listen} is not a port (0-65535; 0 picks a free one)"));
            }

            var scale = parse.GetValue(timeScale);
            if (!(scale > 0) || double.IsInfinity(scale))
            {
                throw new CliException(ExitCodes.Usage, Invariant($"sandbox: --time-scale {scale} must be a positive number"));
            }

            var history = parse.GetValue(watchHistory);
            if (history < 1)
            {
                throw new CliException(ExitCodes.Usage, Invariant($"sandbox: --watch-history {history} must be at least 1"));
            }

            RefuseToOverwriteForeignKubeconfig(path);
            var output = services.Console.Out;
            await output.WriteLineAsync($"Starting the sandbox cluster; its kubeconfig goes to {path}. Once it is serving:");
            await output.WriteLineAsync($"  kubectl --kubeconfig {path} get tr");
            await output.WriteLineAsync($"  trainctl --kubeconfig {path} submit -f samples/quickstart.yaml");
            await output.WriteLineAsync($"  trainctl --kubeconfig {path} list");
            await output.WriteLineAsync($"  export KUBECONFIG={path}   # for every later command");
            var clock = new ScaledTimeProvider(scale);
            // Pods run as the controller's template says; the code an image would carry is this clone (or the folder
            // the sandbox was started in), so quickstart's "python3 samples/trainer/train.py" resolves.
            var codeRoot = TrainctlBinary.FindRepoRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;
            var podsRoot = Path.Combine(Path.GetTempPath(), "orchestrator-sandbox", "pods-" + Guid.NewGuid().ToString("N")[..8]);
            await output.WriteLineAsync($"Pods run from {codeRoot} (also at {LocalKubelet.ImageCodeFolder}); their files and logs go under {podsRoot}.");
            var options = new SandboxClusterOptions
            {
                Time = clock,
                CrdDocuments = [EmbeddedCrds.TrainingRun],
                Kubelet = LocalKubelet.Options(podsRoot, path, clock, codeRoot),
                WatchHistory = history,
            };
            try
            {
                await SandboxCluster.RunStandaloneAsync(path, listen, ct, options, output);
            }
            catch (IOException e) when (!ct.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Failure, Invariant($"sandbox: cannot serve on 127.0.0.1:{listen}: {e.Message.ReplaceLineEndings(" ")}"), e);
            }

            await services.Console.Error.WriteLineAsync("sandbox: stopped");
            return ExitCodes.Ok;
        });
        return command;
    }

    // --kubeconfig also names the user's real kubeconfig in every other command: never replace one that a sandbox did not write.
    private static void RefuseToOverwriteForeignKubeconfig(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(ExitCodes.Usage, $"sandbox: --kubeconfig {path} is a folder; name a file");
        }

        if (File.Exists(path) && !File.ReadAllText(path).Contains("current-context: sandbox", StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.Conflict, $"sandbox: {path} exists and is not a sandbox kubeconfig; choose another path");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
