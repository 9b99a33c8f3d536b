using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

public sealed class PodSet
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "main";

    [JsonPropertyName("count")]
    public int Count { get; set; }

    [JsonPropertyName("template")]
    public V1PodTemplateSpec Template { get; set; } = new();
}
