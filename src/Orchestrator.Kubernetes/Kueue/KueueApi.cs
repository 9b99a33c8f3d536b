namespace Orchestrator.Kubernetes.Kueue;

/// <summary>Names of the Kueue API the controller reads (kueue.x-k8s.io/v1beta2).</summary>
public static class KueueApi
{
    public const string Group = "kueue.x-k8s.io";
    public const string Version = "v1beta2";
    public const string ApiVersion = Group + "/" + Version;
    public const string WorkloadKind = "Workload";
    public const string WorkloadListKind = "WorkloadList";
    public const string WorkloadPlural = "workloads";
}
