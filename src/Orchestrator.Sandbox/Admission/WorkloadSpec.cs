using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class WorkloadSpec
{
    [JsonPropertyName("podSets")]
    public List<PodSet> PodSets { get; set; } = [];

    [JsonPropertyName("queueName")]
    public string? QueueName { get; set; }
}
