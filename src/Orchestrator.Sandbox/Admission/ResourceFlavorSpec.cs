using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

public sealed class ResourceFlavorSpec
{
    [JsonPropertyName("nodeLabels")]
    public Dictionary<string, string>? NodeLabels { get; set; }

    [JsonPropertyName("nodeTaints")]
    public List<V1Taint>? NodeTaints { get; set; }

    [JsonPropertyName("tolerations")]
    public List<V1Toleration>? Tolerations { get; set; }
}
