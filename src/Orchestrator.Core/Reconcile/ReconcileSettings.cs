using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Reconcile;

/// <summary>Controller-wide configuration the reconciler needs (from the controller's config file / Helm values).</summary>
public sealed record ReconcileSettings
{
    public static ReconcileSettings Default { get; } = new();

    public NoticeSignalTable Signals { get; init; } = NoticeSignalTable.Default;

    public ClassificationOptions Classification { get; init; } = ClassificationOptions.Default;

    /// <summary>Price per GPU-hour when the run's spec gives none. Defaults: p3.2xlarge on-demand, spot at a third.</summary>
    public double DefaultSpotPricePerGpuHour { get; init; } = 1.02;

    public double DefaultOnDemandPricePerGpuHour { get; init; } = 3.06;

    /// <summary>The image holding <c>trainctl</c>, used for the restore init container and the agent sidecar.</summary>
    public string AgentImage { get; init; } = "ghcr.io/orchestrator-dev/orchestrator:0.1.0";

    /// <summary>The command that runs the agent in that image; <c>restore</c> or <c>sidecar</c> is appended.</summary>
    public IReadOnlyList<string> AgentCommand { get; init; } = ["trainctl", "agent"];

    /// <summary>
    /// Node labels pinned on on-demand attempts, so that even a ClusterQueue whose flavors include spot cannot place a
    /// fallback attempt on spot nodes. Null (the default) derives them from Kueue: the labels shared by the
    /// ResourceFlavors of the ClusterQueue behind the run's on-demand LocalQueue (<see cref="OnDemandPinning"/>).
    /// Set, it overrides that (config key <c>onDemandNodeSelector</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? OnDemandNodeSelector { get; init; }

    /// <summary>
    /// How long a spot attempt's workers may stay unschedulable before the capacity policy takes spot for unavailable.
    /// Shorter than this is what an autoscaler needs to bring a node for a pending pod (Karpenter, cluster-autoscaler).
    /// </summary>
    public TimeSpan UnschedulableGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// terminationGracePeriodSeconds of worker pods whose template sets none, unless the run's observed saves need
    /// more (<see cref="PodGracePeriod"/>): the agent's 110 s of upload after SIGTERM plus the kubelet's margin.
    /// Config file: <c>agent.terminationGracePeriod</c>.
    /// </summary>
    public TimeSpan PodTerminationGrace { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long after creating a Job a missing Job is taken for cache lag rather than a deletion.</summary>
    public TimeSpan CreationGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How stale the GPU time and cost of a running attempt may be in the status before a reconcile that changes
    /// nothing else writes them anew (they are written fresh with any other change). As long as the resync period:
    /// a shorter one makes every timed look at a run (policy re-evaluation, about once a minute) a status write, which
    /// at 10,000 runs is more than the controller's whole budget (docs/controller.md, Performance).
    /// </summary>
    public TimeSpan AccountingRefresh { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a run with a running attempt waits without a look when nothing else asks for one (accounting refresh, drift safety net).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The same for a run whose attempt waits for capacity and never started: nothing it shows can change without a
    /// watch event (Kueue admitting it, its pods) or a time the capacity policy names, so this look is only the
    /// safety net against a missed event. Thousands of runs queued behind a quota would otherwise be looked at
    /// every <see cref="ResyncPeriod"/> for nothing (docs/controller.md, Performance).
    /// </summary>
    public TimeSpan IdleResyncPeriod { get; init; } = TimeSpan.FromMinutes(30);
}
