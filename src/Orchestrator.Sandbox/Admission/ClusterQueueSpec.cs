using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class ClusterQueueSpec
{
    [JsonPropertyName("resourceGroups")]
    public List<ResourceGroup>? ResourceGroups { get; set; }

    [JsonPropertyName("queueingStrategy")]
    public string? QueueingStrategy { get; set; }
}
