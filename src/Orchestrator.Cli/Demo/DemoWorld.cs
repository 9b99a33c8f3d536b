using System.Globalization;
using k8s;
using Orchestrator.Api;
using Orchestrator.Cli.Local;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Time;

namespace Orchestrator.Cli.Demo;

/// <summary>
/// Everything the demo runs, in this process: the sandbox cluster on a free loopback port (so the agent processes
/// and a user's kubectl can reach it), the controller on the sandbox's scaled clock, and a file checkpoint store,
/// all under one temp folder that disposal removes with every process started.
/// </summary>
internal sealed class DemoWorld : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _keepFiles;
    private Task _controller = Task.CompletedTask;
    private RunController? _runController;
    private StorageEmulator? _storage;

    private DemoWorld(DemoPaths paths, string scratch, bool keepFiles)
    {
        _keepFiles = keepFiles;
        Paths = paths;
        Scratch = scratch;
    }

    public DemoPaths Paths { get; }

    public string Scratch { get; }

    public string Kubeconfig => Path.Combine(Scratch, "kubeconfig");

    public string CheckpointUri => _storage?.Uri ?? new Uri(Path.Combine(Scratch, "checkpoints") + "/").AbsoluteUri.TrimEnd('/');

    /// <summary>The storage emulator serving the checkpoints, or null for the file store.</summary>
    public string? StorageEndpoint => _storage?.Endpoint;

    public SandboxCluster Cluster { get; private set; } = null!;

    public IKubernetes Client { get; private set; } = null!;

    /// <summary>Faulted when the in-process controller stopped on an error.</summary>
    public Task Controller => _controller;

    public static async Task<DemoWorld> StartAsync(DemoPaths paths, DemoOptions options, CancellationToken ct)
    {
        var scratch = Directory.CreateTempSubdirectory("trainctl-demo-").FullName;
        var world = new DemoWorld(paths, scratch, options.KeepFiles);
        try
        {
            await world.StartComponentsAsync(options, ct);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// samples/quickstart.yaml made to run here: its two workers, the trainer from /workspace, checkpoints in the temp
    /// folder. The two ranks are independent processes; their agents agree on each requested save step through the
    /// checkpoint store (docs/checkpointing.md), so every checkpoint commits with both ranks' files.
    /// </summary>
    public TrainingRun Quickstart(DemoOptions options)
    {
        var run = KubernetesYaml.Deserialize<TrainingRun>(File.ReadAllText(Paths.QuickstartYaml));
        run.Metadata.Name = DemoOptions.RunName;
        run.Metadata.NamespaceProperty = DemoOptions.Namespace;
        run.Spec.Checkpoint.Storage.Uri = CheckpointUri;
        var trainer = run.Spec.Template.Spec.Containers[0];
        trainer.Command = options.Trainer == DemoTrainer.Pytorch
            ? [options.TorchPython ?? "/usr/bin/python3", LocalKubelet.ImageCodeFolder + "/samples/trainer/ddp_train.py"]
            : ["python3", LocalKubelet.ImageCodeFolder + "/samples/trainer/train.py"];
        trainer.Args =
        [
            "--steps", options.Steps.ToString(CultureInfo.InvariantCulture),
            "--step-seconds", options.StepSeconds.ToString(CultureInfo.InvariantCulture),
            "--result", "/checkpoints/result.txt",
        ];
        return run;
    }

    public Task<TrainingRun> CreateAsync(TrainingRun run, CancellationToken ct) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Name, ApiGroup.Version, DemoOptions.Namespace, ApiGroup.Plural, cancellationToken: ct);

    public Task<TrainingRun> GetAsync(CancellationToken ct) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, DemoOptions.Namespace, ApiGroup.Plural, DemoOptions.RunName, cancellationToken: ct);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _controller;
        }
        catch (OperationCanceledException)
        {
            // The controller stops by cancellation.
        }
        catch (Exception)
        {
            // A controller fault was already reported by the story; cleanup goes on.
        }

        _runController?.Dispose();
        if (Cluster is not null)
        {
            // Disposing the cluster kills every pod process the kubelet started.
            await Cluster.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        _stop.Dispose();
        if (!_keepFiles)
        {
            DeleteScratch();
        }
    }

    private async Task StartComponentsAsync(DemoOptions options, CancellationToken ct)
    {
        var clock = new ScaledTimeProvider(options.TimeScale);
        var environment = new Dictionary<string, string>
        {
            // The agent's file polling runs on real time; keep it well inside the scaled notice window.
            ["ORCH_AGENT_POLL_MS"] = "200",
        };
        if (options.Storage != DemoStorage.File)
        {
            _storage = await StorageEmulator.StartAsync(options.Storage, Paths.RepoRoot, Path.Combine(Scratch, "storage"), ct);
            foreach (var (name, value) in _storage.Environment)
            {
                environment[name] = value;
            }
        }

        var clusterOptions = new SandboxClusterOptions
        {
            Time = clock,
            CrdDirectory = Paths.Crds,
            Kubelet = LocalKubelet.Options(Path.Combine(Scratch, "pods"), Kubeconfig, clock, Paths.RepoRoot, environment),
        };
        Cluster = await SandboxCluster.StartOnPortAsync(clusterOptions, 0, ct);
        Cluster.WriteKubeconfig(Kubeconfig);
        Client = Cluster.CreateClient();
        // The demo's own view tells the story; the controller's logs would only interleave with it.
        var runtime = new ControllerRuntime { Time = Cluster.Time };
        _runController = new RunController(Client, runtime);
        _controller = Task.Run(() => _runController.RunAsync(_stop.Token), CancellationToken.None);
    }

    private void DeleteScratch()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                Directory.Delete(Scratch, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException)
            {
                // A process that just exited may still be closing a file; try again.
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
