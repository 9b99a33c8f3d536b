using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

public sealed class WorkloadStatus
{
    [JsonPropertyName("admission")]
    public WorkloadAdmission? Admission { get; set; }

    [JsonPropertyName("conditions")]
    public List<V1Condition>? Conditions { get; set; }
}
