namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>How the process kubelet maps pods onto this machine.</summary>
public sealed class ProcessKubeletOptions
{
    public const string DefaultFinalizer = "sandbox.orchestrator.dev/kubelet";
    public const string DefaultSimulatedImagePrefix = "sandbox.local/simulated";

    /// <summary>Host folder under which every pod gets its own folder (volumes, logs, working dirs).</summary>
    public string PodsRoot { get; init; } = Path.Combine(Path.GetTempPath(), "orchestrator-sandbox", "pods-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Which nodes this kubelet runs pods for (by node name); all nodes by default.</summary>
    public Func<string, bool> OwnsNode { get; init; } = _ => true;

    public CommandResolver CommandResolver { get; init; } = new();

    /// <summary>Images starting with this prefix run a scripted in-process behaviour instead of a process.</summary>
    public string SimulatedImagePrefix { get; init; } = DefaultSimulatedImagePrefix;

    /// <summary>The finalizer that holds a running pod until its processes have exited.</summary>
    public string Finalizer { get; init; } = DefaultFinalizer;

    /// <summary>Grace period when neither the deletion nor the pod spec gives one (Kubernetes' default).</summary>
    public TimeSpan DefaultGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Containers start with the host's environment under the pod's (interpreters need PATH, HOME, DOTNET_ROOT).</summary>
    public bool InheritHostEnvironment { get; init; } = true;

    /// <summary>First delay before restarting a crashed container (doubles up to five minutes, as the kubelet's CrashLoopBackOff).</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Variables every container gets unless it sets them itself: what a real kubelet injects
    /// (<c>KUBERNETES_SERVICE_HOST</c>), here typically <c>KUBECONFIG</c> pointing at the sandbox's kubeconfig,
    /// so in-pod clients such as the checkpoint agent reach the sandbox API server.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Stands in for image contents: container path → host folder, applied to every container like a read-only
    /// mount (volume mounts win), e.g. <c>/workspace</c> → the repository, so a pod can run
    /// <c>python3 /workspace/samples/trainer/train.py</c> as an image with the code in it would.
    /// </summary>
    public IReadOnlyDictionary<string, string> ImageFiles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The host folder a container that names no <c>workingDir</c> starts in, as an image's <c>WORKDIR</c> would be:
    /// e.g. the repository, so <c>python3 samples/trainer/train.py</c> finds the sample. Null: a private empty folder per pod.
    /// </summary>
    public string? ImageWorkingDirectory { get; init; }
}
