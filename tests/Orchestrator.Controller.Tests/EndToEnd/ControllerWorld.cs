using System.Net;
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
    private CancellationTokenSource _stop = new();
    private Task _controller = Task.CompletedTask;
    private RunController? _runController;
    private ControllerRuntime _runtime = null!;

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

    /// <summary>The controller's client: the admin's, or with <c>controllerAsChart</c> the chart's ServiceAccount's.</summary>
    public IKubernetes ControllerClient { get; private set; } = null!;

    public string CheckpointRoot => Path.Combine(Scratch, "checkpoints");

    public static async Task<ControllerWorld> StartAsync(
        double timeScale = 30,
        ReconcileSettings? settings = null,
        Func<SandboxClusterOptions, SandboxClusterOptions>? sandbox = null,
        bool startController = true,
        bool controllerAsChart = false)
    {
        var root = FindRepoRoot();
        var scratch = Directory.CreateTempSubdirectory("orchestrator-e2e-").FullName;
        var world = new ControllerWorld(root, scratch);
        var kubeconfig = Path.Combine(scratch, "kubeconfig");
        var trainctl = Path.Combine(AppContext.BaseDirectory, "trainctl.dll");
        var port = LoopbackPort.Free();
        var options = new SandboxClusterOptions
        {
            TimeScale = timeScale,
            CrdDirectory = Path.Combine(root, "crds"),
            Kubelet = new ProcessKubeletOptions
            {
                PodsRoot = Path.Combine(scratch, "pods"),
                CommandResolver = new CommandResolver().Map("trainctl", "dotnet", trainctl),
                ImageFiles = new Dictionary<string, string> { ["/workspace"] = root },
                Environment = new Dictionary<string, string>
                {
                    ["KUBECONFIG"] = kubeconfig,
                    // The agent polls on real time; keep it well inside the scaled notice window (4 s at x30), as the demo does.
                    ["ORCH_AGENT_POLL_MS"] = "200",
                },
            },
        };
        world.Cluster = await SandboxCluster.StartOnPortAsync(sandbox is null ? options : sandbox(options), port);
        world.Cluster.WriteKubeconfig(kubeconfig);
        world.Client = world.Cluster.CreateClient();
        world.ControllerClient = controllerAsChart
            ? world.Cluster.Api.CreateClient(await ChartIdentity.ApplyAsync(new SandboxClusterAccess(world.Client, world.Cluster.Api.IssueToken), root))
            : world.Client;
        world._runtime = new ControllerRuntime
        {
            Settings = settings ?? ReconcileSettings.Default,
            Time = world.Cluster.Time,
            Loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(Path.Combine(scratch, "controller.log"), world.Cluster.Time))),
        };
        if (startController)
        {
            world.StartController();
        }

        return world;
    }

    public ControllerRuntime Runtime => _runtime;

    /// <summary>Starts a fresh in-process controller (new caches, new queue), as a restarted pod would.</summary>
    public void StartController()
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        _runController = new RunController(ControllerClient, _runtime);
        var controller = _runController;
        var token = _stop.Token;
        _controller = Task.Run(() => controller.RunAsync(token));
    }

    /// <summary>Kills the in-process controller: cancels it wherever it is and drops its caches and queue.</summary>
    public async Task StopControllerAsync()
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
        _runController = null;
        _stop.Dispose();
    }

    /// <summary>The last step the trainer of <paramref name="pod"/> printed, from its container logs (0 before the first).</summary>
    public int TrainerStep(string pod)
    {
        var last = 0;
        foreach (var podFolder in Directory.Exists(PodsRoot) ? Directory.GetDirectories(PodsRoot, $"default_{pod}_*") : [])
        {
            foreach (var text in ContainerLogLines(podFolder, "trainer"))
            {
                if (text.StartsWith("step ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var step))
                {
                    last = Math.Max(last, step);
                }
            }
        }

        return last;
    }

    /// <summary>
    /// The lines a container of the pod in <paramref name="podFolder"/> wrote, every run oldest first, without the
    /// kubelet's CRI prefix: the process kubelet keeps each run as a real kubelet does
    /// (<c>logs/&lt;container&gt;/&lt;restartCount&gt;.log</c>, lines <c>&lt;time&gt; stdout F &lt;text&gt;</c>).
    /// </summary>
    public static IEnumerable<string> ContainerLogLines(string podFolder, string container)
    {
        var runs = Path.Combine(podFolder, "logs", container);
        var files = Directory.Exists(runs) ? Directory.GetFiles(runs, "*.log") : [];
        foreach (var path in files.OrderBy(f => int.TryParse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                yield return line.Split(' ', 4) is [_, _, _, var text] ? text : line;
            }
        }
    }

    public string PodsRoot => Path.Combine(Scratch, "pods");

    /// <summary>The <c>--result</c> digests the trainers of an attempt wrote (one per worker that finished).</summary>
    public IReadOnlyList<string> ResultDigests(string run, int attempt) =>
        [.. Directory.GetFiles(PodsRoot, "result.txt", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(PodsRoot, f).StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"default_{run}-{attempt}-"), StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f).Trim())];

    /// <summary>The steps the restore init containers of an attempt actually restored (their <c>restore.json</c>; none on a fresh start).</summary>
    public IReadOnlyList<long> RestoredSteps(string run, int attempt) =>
        [.. Directory.GetFiles(PodsRoot, "restore.json", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(PodsRoot, f).StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"default_{run}-{attempt}-"), StringComparison.Ordinal))
            .Select(f => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("step").GetInt64())];

    /// <summary>The digest of an uninterrupted run of the sample trainer, run directly with python3.</summary>
    public async Task<string> ReferenceDigestAsync(int steps)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Scratch, "reference-" + steps.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        var result = Path.Combine(dir, "result.txt");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3")
        {
            ArgumentList = { Path.Combine(RepoRoot, "samples", "trainer", "train.py"), "--steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", dir, "--result", result },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return File.ReadAllText(result).Trim();
    }

    public async Task<IReadOnlyList<V1Job>> JobsAsync(string run)
    {
        var jobs = await Client.BatchV1.ListNamespacedJobAsync("default", labelSelector: $"{Labels.Run}={run}");
        return [.. jobs.Items];
    }

    public Task PatchSpecAsync(string name, string specJson) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":" + specJson + "}", V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, name);

    /// <summary>Waits until a pod of the attempt runs and its trainer has printed at least <paramref name="step"/>; returns that pod.</summary>
    public async Task<V1Pod> WaitForTrainerStepAsync(string run, int attempt, int step, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            IReadOnlyList<V1Pod> pods;
            try
            {
                pods = await PodsOfAttemptAsync(run, attempt);
            }
            catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode >= 500)
            {
                // An injected API fault; ask again.
                continue;
            }

            foreach (var pod in pods)
            {
                if (pod.Spec?.NodeName is not null && pod.Metadata.DeletionTimestamp is null && TrainerStep(pod.Metadata.Name) >= step)
                {
                    return pod;
                }
            }

            if (_controller.IsFaulted)
            {
                throw new InvalidOperationException("the controller stopped", _controller.Exception);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"run {run}: no trainer of attempt {attempt} reached step {step} within {timeout}");
    }

    /// <summary>
    /// samples/quickstart.yaml, made to run here: the trainer from /workspace, checkpoints in this world's folder.
    /// One worker unless told otherwise. With several, the sample trainers are independent processes and their agents
    /// agree on the step of each requested save through the checkpoint store (docs/checkpointing.md).
    /// </summary>
    public TrainingRun Quickstart(string name, int steps, double stepSeconds, Action<TrainingRunSpec>? configure = null, int workers = 1)
    {
        var run = KubernetesYaml.Deserialize<TrainingRun>(File.ReadAllText(Path.Combine(RepoRoot, "samples", "quickstart.yaml")));
        run.Metadata.Name = name;
        run.Metadata.NamespaceProperty = "default";
        run.Spec.Checkpoint.Storage.Uri = new Uri(CheckpointRoot).AbsoluteUri;
        run.Spec.Workers = workers;
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
            try
            {
                last = await GetAsync(name);
            }
            catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode >= 500 || e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // An injected API fault; ask again.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                continue;
            }

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

    /// <summary>Polls <paramref name="condition"/> until it holds; fails when the deadline passes.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            if (_controller.IsFaulted)
            {
                throw new InvalidOperationException("the controller stopped", _controller.Exception);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"{what} did not happen within {timeout}");
    }

    public async Task<IReadOnlyList<V1Pod>> PodsOfAttemptAsync(string run, int attempt)
    {
        var pods = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"{Labels.Run}={run},{Labels.Attempt}={attempt}");
        return [.. pods.Items];
    }

    public async ValueTask DisposeAsync()
    {
        if (_runController is not null)
        {
            await StopControllerAsync();
        }

        var keep = Environment.GetEnvironmentVariable("ORCH_E2E_KEEP") == "1";
        if (keep)
        {
            // A help for reading a failure: the run's story as Events, next to controller.log and the pods' logs.
            var events = await Client.CoreV1.ListNamespacedEventAsync("default");
            await File.WriteAllLinesAsync(Path.Combine(Scratch, "events.txt"), events.Items.OrderBy(e => e.Metadata.CreationTimestamp).Select(e => $"{e.LastTimestamp:HH:mm:ss} {e.InvolvedObject.Kind}/{e.InvolvedObject.Name} {e.Type} {e.Reason}: {e.Message}"));
        }

        _runtime.Loggers.Dispose();
        await Cluster.DisposeAsync();
        if (keep)
        {
            return;
        }

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
}
