namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The Kueue kinds the controller reads to derive the on-demand pinning (<see cref="KueueFlavorMapReader"/>).</summary>
public static class KueueQueuePlurals
{
    public const string LocalQueues = "localqueues";
    public const string ClusterQueues = "clusterqueues";
    public const string ResourceFlavors = "resourceflavors";
}
