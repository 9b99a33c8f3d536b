using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Sandbox.Admission;
using Orchestrator.Sandbox.Capacity;
using Orchestrator.Sandbox.Time;
using Orchestrator.Sandbox.Workloads.Jobs;
using Orchestrator.Sandbox.Workloads.Kubelet;
using Orchestrator.Sandbox.Workloads.Scheduling;

namespace Orchestrator.Sandbox;

/// <summary>
/// The whole sandbox cluster: the emulated API server, simulated Kueue, node pools with spot
/// preemptions, the Job controller, the scheduler and the process kubelet, all sharing one clock
/// (<see cref="Time"/>) and all talking to the server through KubernetesClient like real components.
/// See docs/sandbox-cluster.md.
/// </summary>
public sealed class SandboxCluster : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _components = [];
    private NodeFleet? _fleet;

    private SandboxCluster(SandboxApiServer api, SandboxClusterOptions options, TimeProvider time, ProcessKubelet kubelet)
    {
        Api = api;
        Options = options;
        Time = time;
        Kubelet = kubelet;
        Client = api.CreateClient();
    }

    public SandboxApiServer Api { get; }

    public SandboxClusterOptions Options { get; }

    /// <summary>The sandbox clock; give it to the controller and agent running in-process.</summary>
    public TimeProvider Time { get; }

    /// <summary>A client the cluster's owner may share (create more with <see cref="CreateClient"/>).</summary>
    public IKubernetes Client { get; }

    public ProcessKubelet Kubelet { get; }

    public IReadOnlyCollection<string> Pools => Fleet.PoolNames;

    /// <summary>The sandbox instant the node pools started: tick 0 of every spot trace.</summary>
    public DateTimeOffset PoolsStartedAt => Fleet.StartedAt;

    private NodeFleet Fleet => _fleet ?? throw new InvalidOperationException("The sandbox cluster is not started.");

    /// <summary>A cluster on an in-memory server (no port): for tests.</summary>
    public static Task<SandboxCluster> StartInMemoryAsync(SandboxClusterOptions? options = null, CancellationToken ct = default) =>
        StartAsync(options ?? new SandboxClusterOptions(), port: null, ct);

    /// <summary>A cluster whose server listens on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static Task<SandboxCluster> StartOnPortAsync(SandboxClusterOptions? options = null, int port = 0, CancellationToken ct = default) =>
        StartAsync(options ?? new SandboxClusterOptions(), port, ct);

    /// <summary>
    /// Runs the default sandbox (or <paramref name="options"/>) on <paramref name="port"/>, writes a
    /// kubeconfig to <paramref name="kubeconfigPath"/> and serves until <paramref name="ct"/> is
    /// cancelled: the host of <c>trainctl sandbox --kubeconfig PATH [--port N]</c>.
    /// </summary>
    public static async Task RunStandaloneAsync(string kubeconfigPath, int port, CancellationToken ct, SandboxClusterOptions? options = null, TextWriter? log = null)
    {
        await using var cluster = await StartOnPortAsync(options, port, ct);
        cluster.WriteKubeconfig(kubeconfigPath);
        if (log is not null)
        {
            await log.WriteLineAsync($"sandbox: serving {cluster.Api.BaseAddress} (kubeconfig {Path.GetFullPath(kubeconfigPath)}); pools: {string.Join(", ", cluster.Pools.Select(p => $"{p} [{string.Join(" ", cluster.NodesOf(p))}]"))}; Ctrl+C stops");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancellation is how the standalone sandbox is asked to stop.
        }
    }

    public IKubernetes CreateClient() => Api.CreateClient();

    public string WriteKubeconfig(string path) => Api.WriteKubeconfig(path);

    /// <summary>A kubeconfig whose user sends <paramref name="token"/> (see <see cref="SandboxApiServer.IssueToken"/>).</summary>
    public string WriteKubeconfig(string path, string token) => Api.WriteKubeconfig(path, token);

    /// <summary>The live nodes of a pool (not those being preempted).</summary>
    public IReadOnlyList<string> NodesOf(string pool) => Fleet.NodesOf(pool);

    /// <summary>Adds a node to a pool now, beyond its size if need be; returns its name.</summary>
    public Task<string> AddNodeAsync(string pool, CancellationToken ct = default) => Fleet.AddNodeAsync(pool, ct);

    /// <summary>
    /// Preempts a node as its cloud would (SIGNALS.md). The returned task completes when the node
    /// has vanished; the notice is visible as soon as the first steps ran.
    /// </summary>
    public Task PreemptAsync(string nodeName, bool withNotice = true, CancellationToken ct = default) => Fleet.PreemptAsync(nodeName, withNotice, ct);

    /// <summary>Karpenter picks the node for consolidation: the <c>karpenter.sh/disrupted</c> taint, no eviction (yet).</summary>
    public Task MarkDisruptionCandidateAsync(string nodeName, CancellationToken ct = default) => Fleet.MarkDisruptionCandidateAsync(nodeName, ct);

    /// <summary>Karpenter calls the consolidation off: the taint goes, the pods stay.</summary>
    public Task AbandonDisruptionAsync(string nodeName, CancellationToken ct = default) => Fleet.AbandonDisruptionAsync(nodeName, ct);

    /// <summary>Scripted spot capacity: false preempts the pool's nodes and stops replacements; true lets them come back after the provisioning delay.</summary>
    public void SetSpotAvailable(string pool, bool available, bool withNotice = true) => Fleet.SetAvailable(pool, available, withNotice);

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse: nothing creates or preempts while the kubelet kills what it started.
        for (var i = _components.Count - 1; i >= 0; i--)
        {
            await _components[i].DisposeAsync();
        }

        await Api.DisposeAsync();
    }

    private static async Task<SandboxCluster> StartAsync(SandboxClusterOptions options, int? port, CancellationToken ct)
    {
        var time = options.Time ?? new ScaledTimeProvider(options.TimeScale);
        var random = options.Seed is { } seed ? new Random(seed) : new Random();
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        // System.Random is not thread-safe: each component gets its own, derived from the seed.
        var apiOptions = new SandboxApiOptions { Time = time, CrdDirectory = options.CrdDirectory, CrdDocuments = options.CrdDocuments, Random = new Random(random.Next()),
            Authorization = options.Authorization, KubernetesVersion = options.KubernetesVersion,
            WatchHistory = options.WatchHistory,
        };
        var api = port is { } p ? await SandboxApiServer.StartAsync(apiOptions, p, ct) : SandboxApiServer.CreateInMemory(apiOptions);
        var kubelet = new ProcessKubelet(time, options.Kubelet, loggers) { ClusterCertificateAuthority = api.CertificateAuthorityPem };
        var cluster = new SandboxCluster(api, options, time, kubelet);
        api.PodLogs = cluster.Kubelet;
        try
        {
            await cluster.StartComponentsAsync(random, loggers, ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartComponentsAsync(Random random, ILoggerFactory loggers, CancellationToken ct)
    {
        if (Options.CreateKueueSetup)
        {
            var objects = Options.KueueSetupPath is { } path ? KueueSetup.ReadFile(path) : SandboxDefaults.KueueObjects(Options.Provider, Options.LabelScheme);
            await KueueSetup.ApplyAsync(Client, objects, ct);
        }

        _fleet = new NodeFleet(
            Client,
            Options.Provider,
            Options.AwsNoticeSource,
            Options.NoticeTiming ?? NoticeTiming.For(Options.Provider),
            Options.Pools ?? SandboxDefaults.Pools(Options.Provider, Options.LabelScheme),
            Time,
            new Random(random.Next()),
            loggers.CreateLogger<NodeFleet>(),
            Kubelet.KillNodeAsync);
        _components.Add(_fleet);
        await _fleet.StartAsync(ct);

        // The kubelet goes first in the list so it is disposed last, after everything that could start pods.
        _components.Insert(0, Kubelet);
        await Kubelet.StartAsync(CreateClient(), ct);

        var scheduler = new PodScheduler(Time, loggers);
        _components.Add(scheduler);
        await scheduler.StartAsync(CreateClient(), ct);

        var jobs = new JobController(Time, loggers, new Random(random.Next()));
        _components.Add(jobs);
        await jobs.StartAsync(CreateClient(), ct);

        var kueue = new KueueSimulator(CreateClient(), Options.Kueue, Time, loggers.CreateLogger<KueueSimulator>());
        _components.Add(kueue);
        kueue.Start();
    }
}
