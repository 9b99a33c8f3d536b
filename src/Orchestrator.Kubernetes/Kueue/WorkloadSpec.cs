using System.Text.Json.Serialization;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The part of a Workload's spec the controller reads.</summary>
public sealed class WorkloadSpec
{
    /// <summary>The LocalQueue the workload was submitted to.</summary>
    [JsonPropertyName("queueName")]
    public string? QueueName { get; set; }

    [JsonPropertyName("podSets")]
    public IList<WorkloadPodSet>? PodSets { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>False when the workload was deactivated (e.g. too many evictions).</summary>
    [JsonPropertyName("active")]
    public bool? Active { get; set; }
}
