using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class ResourceGroup
{
    [JsonPropertyName("coveredResources")]
    public List<string>? CoveredResources { get; set; }

    [JsonPropertyName("flavors")]
    public List<FlavorQuotas>? Flavors { get; set; }
}
