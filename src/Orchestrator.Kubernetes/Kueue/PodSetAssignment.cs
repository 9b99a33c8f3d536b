using System.Text.Json.Serialization;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The flavors assigned to one pod set: resource name (e.g. <c>nvidia.com/gpu</c>) to ResourceFlavor name.</summary>
public sealed class PodSetAssignment
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("flavors")]
    public IDictionary<string, string>? Flavors { get; set; }

    [JsonPropertyName("count")]
    public int? Count { get; set; }
}
