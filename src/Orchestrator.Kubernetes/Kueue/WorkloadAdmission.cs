using System.Text.Json.Serialization;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>Where Kueue admitted a workload: the ClusterQueue and, per pod set, the flavor of each resource.</summary>
public sealed class WorkloadAdmission
{
    [JsonPropertyName("clusterQueue")]
    public string? ClusterQueue { get; set; }

    [JsonPropertyName("podSetAssignments")]
    public IList<PodSetAssignment>? PodSetAssignments { get; set; }
}
