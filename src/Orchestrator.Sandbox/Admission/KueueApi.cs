namespace Orchestrator.Sandbox.Admission;

/// <summary>Kueue's API group, version, plurals and the names its Job integration uses.</summary>
public static class KueueApi
{
    public const string Group = "kueue.x-k8s.io";
    public const string Version = "v1beta2";
    public const string ApiVersion = Group + "/" + Version;
    public const string ResourceFlavors = "resourceflavors";
    public const string ClusterQueues = "clusterqueues";
    public const string LocalQueues = "localqueues";
    public const string Workloads = "workloads";
    public const string QueueNameLabel = "kueue.x-k8s.io/queue-name";

    public const string QuotaReserved = "QuotaReserved";
    public const string Admitted = "Admitted";
    public const string Evicted = "Evicted";
    public const string Finished = "Finished";
    public const string PodsReady = "PodsReady";
    public const string Requeued = "Requeued";

    public const string StrictFifo = "StrictFIFO";
    public const string BestEffortFifo = "BestEffortFIFO";
}
