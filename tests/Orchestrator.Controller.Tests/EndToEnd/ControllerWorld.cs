using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Core.Reconcile;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// The whole product on one machine: the sandbox cluster on a loopback port (so the agent processes in the pods
/// can reach it), the real controller in-process on the sandbox's scaled clock, the sample trainer and
/// <c>trainctl agent</c> as real processes, and a file checkpoint store in a temp folder.
/// </summary>
internal sealed class ControllerWorld : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _controller = Task.CompletedTask;
    private RunController? _runController;

    private ControllerWorld(string root, string scratch)
    {
        RepoRoot = root;
        Scratch = scratch;
    }

    public string RepoRoot { get; }

    /// <summary>A temp folder for this world: kubeconfig, checkpoint store, pod folders.</summary>
    public string Scratch { get; }

    public SandboxCluster Cluster { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    public string CheckpointRoot => Path.Combine(Scratch, "checkpoints");

    public static async Task<ControllerWorld> StartAsync(double timeScale = 30, ReconcileSettings? settings = null)
    {
        var root = FindRepoRoot();
        var scratch = Directory.CreateTempSubdirectory("orchestrator-e2e-").FullName;
        var world = new ControllerWorld(root, scratch);
        var kubeconfig = Path.Combine(scratch, "kubeconfig");
        var trainctl = Path.Combine(AppContext.BaseDirectory, "trainctl.dll");
        var port = FreePort();
        var options = new SandboxClusterOptions
        {
            TimeScale = timeScale,
            CrdDirectory = Path.Combine(root, "crds"),
            Kubelet = new ProcessKubeletOptions
            {
                PodsRoot = Path.Combine(scratch, "pods"),
                CommandResolver = new CommandResolver().Map("trainctl", "dotnet", trainctl),
                ImageFiles = new Dictionary<string, string> { ["/workspace"] = root },
                Environment = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig },
            },
        };
        world.Cluster = await SandboxCluster.StartOnPortAsync(options, port);
        world.Cluster.WriteKubeconfig(kubeconfig);
        world.Client = world.Cluster.CreateClient();
        var runtime = new ControllerRuntime
        {
            Settings = settings ?? ReconcileSettings.Default,
            Time = world.Cluster.Time,
            Loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
        };
        world._runController = new RunController(world.Client, runtime);
        world._controller = Task.Run(() => world._runController.RunAsync(world._stop.Token));
        return world;
    }

    /// <summary>samples/quickstart.yaml, made to run here: the trainer from /workspace, checkpoints in this world's folder.</summary>
    public TrainingRun Quickstart(string name, int steps, double stepSeconds, Action<TrainingRunSpec>? configure = null)
    {
        var run = KubernetesYaml.Deserialize<TrainingRun>(File.ReadAllText(Path.Combine(RepoRoot, "samples", "quickstart.yaml")));
        run.Metadata.Name = name;
        run.Metadata.NamespaceProperty = "default";
        run.Spec.Checkpoint.Storage.Uri = new Uri(CheckpointRoot).AbsoluteUri;
        var trainer = run.Spec.Template.Spec.Containers[0];
        trainer.Command = ["python3", "/workspace/samples/trainer/train.py"];
        trainer.Args = ["--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--step-seconds", stepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--result", "/checkpoints/result.txt"];
        configure?.Invoke(run.Spec);
        return run;
    }

    public Task<TrainingRun> CreateAsync(TrainingRun run) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural);

    public Task<TrainingRun> GetAsync(string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, name);

    /// <summary>Polls the run until <paramref name="condition"/> holds; fails with the last status seen when the deadline passes.</summary>
    public async Task<TrainingRun> WaitForAsync(string name, Func<TrainingRun, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        TrainingRun? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await GetAsync(name);
            if (condition(last))
            {
                return last;
            }

            if (_controller.IsFaulted)
            {
                throw new InvalidOperationException("the controller stopped", _controller.Exception);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"run {name}: {what} did not happen within {timeout}; last status: {(last is null ? "none" : KubernetesJson.Serialize(last.Status))}");
    }

    public async Task<IReadOnlyList<V1Pod>> PodsOfAttemptAsync(string run, int attempt)
    {
        var pods = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"{Labels.Run}={run},{Labels.Attempt}={attempt}");
        return [.. pods.Items];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _controller;
        }
        catch (OperationCanceledException)
        {
        }

        _runController?.Dispose();
        await Cluster.DisposeAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived the cluster may still hold a file; the temp folder is cleaned by the OS.
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
