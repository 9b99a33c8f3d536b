namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The worker pods' <c>terminationGracePeriodSeconds</c>, and the share of it the agent may spend uploading after
/// SIGTERM. On deletion the kubelet stops the trainer first and the native sidecar after it, all inside one grace
/// period; Kubernetes' default of 30 s is shorter than a checkpoint of a large model takes to save and upload, so the
/// pod would be killed mid-upload. The grace is the template's own value when it sets one (the user knows their
/// model), else the larger of the configured default and one and a half times the slowest save this run has shown
/// (request to commit: save plus upload) plus the kubelet's margin. The agent gets the grace minus that margin, so it
/// gives up cleanly before SIGKILL. A node that is going away can cut any grace short (GKE gives pods ~15 s), which
/// is why the notice save, not this, is what protects the work there (docs/checkpointing.md).
/// </summary>
public static class PodGracePeriod
{
    /// <summary>Left between the agent giving up and SIGKILL, for its last report and the kubelet.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    public static (long PodSeconds, long AgentSeconds) Decide(long? templateSeconds, TimeSpan configuredDefault, IReadOnlyList<double>? recentSaveSeconds)
    {
        long pod;
        if (templateSeconds is { } own)
        {
            pod = own;
        }
        else
        {
            var observed = recentSaveSeconds is { Count: > 0 } saves ? saves.Max() * 1.5 + Margin.TotalSeconds : 0;
            pod = (long)Math.Ceiling(Math.Max(configuredDefault.TotalSeconds, observed));
        }

        return (pod, Math.Max(1, pod - (long)Margin.TotalSeconds));
    }
}
