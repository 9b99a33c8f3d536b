using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Api;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Core.Reconcile;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Controller.Tests.Timers;

/// <summary>
/// The sandbox cluster in memory and the real controller, both on one <see cref="FakeTimeProvider"/>: nothing moves
/// in time unless the test advances the clock. The trainer is the sandbox's simulated container (runs until stopped);
/// the agent is a shell stand-in (restore succeeds at once, the sidecar sleeps until stopped), so pods change only
/// when the test makes them: this proves when the controller acts, not what the agent does.
/// </summary>
internal sealed class FakeClockWorld : IAsyncDisposable
{
    public const string SimulatedImage = "sandbox.local/simulated/any";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private FakeClockWorld(SandboxCluster cluster, FakeTimeProvider time, ControllerRuntime runtime)
    {
        Cluster = cluster;
        Time = time;
        Runtime = runtime;
        Client = cluster.CreateClient();
    }

    public SandboxCluster Cluster { get; }

    public FakeTimeProvider Time { get; }

    public ControllerRuntime Runtime { get; }

    public IKubernetes Client { get; }

    public RunController? Controller { get; private set; }

    public static async Task<FakeClockWorld> StartAsync(TimeSpan? retentionSweep = null)
    {
        var time = new FakeTimeProvider(Start);
        var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            Time = time,
            CrdDirectory = Path.Combine(RepoRoot.Find(), "crds"),
            Seed = 7,
            Kubelet = new ProcessKubeletOptions
            {
                PodsRoot = Directory.CreateTempSubdirectory("orchestrator-timers-").FullName,
                CommandResolver = new CommandResolver().Map("trainctl", "/bin/sh", "-c", "if [ \"$1\" = sidecar ]; then exec sleep 100000; fi"),
            },
        });

        // A long resync so the only timer of a running run is its periodic save.
        var settings = ReconcileSettings.Default with { ResyncPeriod = TimeSpan.FromHours(6) };
        var runtime = new ControllerRuntime { Settings = settings, Time = time, Loggers = NullLoggerFactory.Instance, RetentionSweepInterval = retentionSweep ?? TimeSpan.Zero };
        var world = new FakeClockWorld(cluster, time, runtime);
        world.StartController();
        return world;
    }

    public void StartController()
    {
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        var controller = new RunController(Client, Runtime);
        Controller = controller;
        var token = _stop.Token;
        _running = Task.Run(() => controller.RunAsync(token));
    }

    public async Task StopControllerAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        Controller?.Dispose();
        Controller = null;
    }

    /// <summary>One worker whose simulated trainer runs until stopped (or for <paramref name="seconds"/>), saving every <paramref name="interval"/>.</summary>
    public static TrainingRun Run(string name, string interval, string storageUri = "file:///tmp/unused", int? seconds = null, int? keep = null) => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = ApiGroup.Kind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new TrainingRunSpec
        {
            Workers = 1,
            Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
            Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = storageUri }, Interval = interval, Keep = keep },
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "trainer",
                            Image = SimulatedImage,
                            Args = [seconds is { } s ? $"duration={s}" : "duration=inf"],
                            Resources = new V1ResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["nvidia.com/gpu"] = new("1") },
                                Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") },
                            },
                        },
                    ],
                },
            },
        },
    };

    public Task CreateAsync(TrainingRun run) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural);

    public Task<TrainingRun> GetAsync(string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, name);

    public async Task<IReadOnlyList<V1Pod>> PodsAsync(string run) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"{Labels.Run}={run}")).Items];

    /// <summary>When the controller's timer for <paramref name="run"/> fires next (null: none).</summary>
    public Task<DateTimeOffset?> NextDueAsync(string run) =>
        Controller?.Timers is { } timers ? timers.NextDueAsync(new ObjectKey("default", run), CancellationToken.None) : Task.FromResult<DateTimeOffset?>(null);

    /// <summary>The run's phase in the controller's own cache (null: not cached, or no controller).</summary>
    public RunPhase? CachedPhase(string name) => Controller?.CachedRun("default", name)?.Status?.Phase;

    /// <summary>When the controller's retention sweep runs next (null: no sweep scheduled yet).</summary>
    public Task<DateTimeOffset?> NextSweepAsync() =>
        Controller?.Timers is { } timers ? timers.NextPeriodicDueAsync(RunController.RetentionSweepTimer, CancellationToken.None) : Task.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// Polls <paramref name="condition"/> (60 s real-time deadline). With <paramref name="advance"/>, the fake clock
    /// moves that much between polls so the sandbox's own timed work (admission, start-up) can happen; without it,
    /// the controller's timers are woken between polls so a trigger already due fires.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? advance = null)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within 60 s (fake clock at {Time.GetUtcNow():O})");
            }

            if (_running.IsFaulted)
            {
                throw new InvalidOperationException("the controller stopped", _running.Exception);
            }

            if (advance is { } step)
            {
                Time.Advance(step);
            }
            else if (Controller?.Timers is { } timers)
            {
                // The clock stands still here, so a Quartz wait that began just after the test's last jump would never
                // end: have the scheduler read the clock again (RunTimers.WakeAsync).
                try
                {
                    await timers.WakeAsync(CancellationToken.None);
                }
                catch (Quartz.SchedulerException)
                {
                    // The controller stopped between the read and the call: nothing left to wake.
                }
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        _stop.Dispose();
        await Cluster.DisposeAsync();
    }
}
