using System.Text.Json.Serialization;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>A group of identical pods of a Workload (name and count; the template is not read).</summary>
public sealed class WorkloadPodSet
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("count")]
    public int Count { get; set; }
}
