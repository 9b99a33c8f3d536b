using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class WorkloadAdmission
{
    [JsonPropertyName("clusterQueue")]
    public string ClusterQueue { get; set; } = "";

    [JsonPropertyName("podSetAssignments")]
    public List<PodSetAssignment> PodSetAssignments { get; set; } = [];
}
