using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The part of a Workload's status the controller reads.</summary>
public sealed class WorkloadStatus
{
    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("admission")]
    public WorkloadAdmission? Admission { get; set; }
}
