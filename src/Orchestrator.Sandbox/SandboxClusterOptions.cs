using Orchestrator.Sandbox.Admission;
using Orchestrator.Sandbox.Capacity;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox;

/// <summary>How a <see cref="SandboxCluster"/> is composed. Every default gives a working cluster.</summary>
public sealed record SandboxClusterOptions
{
    /// <summary>Sandbox seconds per real second (60: a minute passes in a second).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>A clock to use instead of a <see cref="Time.ScaledTimeProvider"/> built from <see cref="TimeScale"/>.</summary>
    public TimeProvider? Time { get; init; }

    public CloudProvider Provider { get; init; } = CloudProvider.Aws;

    public AwsNoticeSource AwsNoticeSource { get; init; } = AwsNoticeSource.NodeTerminationHandler;

    /// <summary>The preemption notice timing; null takes the provider's default from SIGNALS.md.</summary>
    public NoticeTiming? NoticeTiming { get; init; }

    /// <summary>
    /// Whose capacity labels the default pools' nodes and the default Kueue flavors use (EKS managed node groups,
    /// Karpenter, GKE, AKS); null takes the provider's (<see cref="ProviderConventions.DefaultScheme"/>).
    /// </summary>
    public NodeLabelScheme? LabelScheme { get; init; }

    /// <summary>The node pools; null gives <see cref="SandboxDefaults.Pools"/> for the provider.</summary>
    public IReadOnlyList<NodePoolOptions>? Pools { get; init; }

    /// <summary>A folder of CustomResourceDefinitions to serve (the repository's <c>crds/</c>).</summary>
    public string? CrdDirectory { get; init; }

    /// <summary>Extra CustomResourceDefinition documents to serve (a tool carrying its CRD embedded, like trainctl).</summary>
    public IReadOnlyList<string> CrdDocuments { get; init; } = [];

    /// <summary>A YAML file of Kueue objects (e.g. samples/kueue-setup.yaml) created at start; null creates <see cref="SandboxDefaults.KueueObjects"/>.</summary>
    public string? KueueSetupPath { get; init; }

    /// <summary>Whether to create any Kueue objects at start.</summary>
    public bool CreateKueueSetup { get; init; } = true;

    public KueueOptions Kueue { get; init; } = new();

    /// <summary>How the process kubelet maps images and commands to local processes; null for its defaults.</summary>
    public ProcessKubeletOptions? Kubelet { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>AlwaysAllow (quick starts) or Rbac (tokens and RBAC checked, as on a real cluster): <see cref="SandboxApiOptions.Authorization"/>.</summary>
    public AuthorizationMode Authorization { get; init; } = AuthorizationMode.AlwaysAllow;

    /// <summary>The version <c>/version</c> reports: <see cref="SandboxApiOptions.KubernetesVersion"/>.</summary>
    public string KubernetesVersion { get; init; } = new SandboxApiOptions().KubernetesVersion;

    /// <summary>Seed for generated names, uids and event ids; null for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>The API server's <see cref="SandboxApiOptions.WatchHistory"/>: changes kept for watches and continue tokens.</summary>
    public int WatchHistory { get; init; } = new SandboxApiOptions().WatchHistory;
}
