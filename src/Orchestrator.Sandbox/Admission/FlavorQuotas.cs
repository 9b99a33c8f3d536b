using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class FlavorQuotas
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("resources")]
    public List<ResourceQuota>? Resources { get; set; }
}
