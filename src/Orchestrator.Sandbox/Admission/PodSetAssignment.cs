using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

public sealed class PodSetAssignment
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "main";

    [JsonPropertyName("flavors")]
    public Dictionary<string, string> Flavors { get; set; } = [];

    [JsonPropertyName("resourceUsage")]
    public Dictionary<string, ResourceQuantity> ResourceUsage { get; set; } = [];

    [JsonPropertyName("count")]
    public int Count { get; set; }
}
