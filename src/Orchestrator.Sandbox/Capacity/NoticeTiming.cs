namespace Orchestrator.Sandbox.Capacity;

/// <summary>
/// How a preemption with notice unfolds, in sandbox time from the notice: pods are deleted after
/// <paramref name="PodDeletionAfter"/> (with their own grace period, capped by
/// <paramref name="PodGraceCap"/> when set), and the node vanishes once its pods are gone but not
/// before <paramref name="NoticeWindow"/>.
/// </summary>
public sealed record NoticeTiming(TimeSpan NoticeWindow, TimeSpan PodDeletionAfter, TimeSpan? PodGraceCap)
{
    /// <summary>AWS: a two-minute interruption notice; pods are drained when it runs out.</summary>
    public static NoticeTiming Aws { get; } = new(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(120), null);

    /// <summary>GKE: 30 s for the node, of which the last 15 s are the pods' graceful shutdown.</summary>
    public static NoticeTiming Gke { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

    /// <summary>Azure: a 30 s scheduled-event notice.</summary>
    public static NoticeTiming Aks { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), null);

    public static NoticeTiming For(CloudProvider provider) => provider switch
    {
        CloudProvider.Aws => Aws,
        CloudProvider.Gke => Gke,
        CloudProvider.Aks => Aks,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown cloud provider."),
    };
}
