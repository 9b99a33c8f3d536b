using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>A list of Kueue objects as the API server returns it.</summary>
public sealed class KueueList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T> Items { get; set; } = [];
}
