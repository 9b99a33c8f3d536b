using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class LocalQueueSpec
{
    [JsonPropertyName("clusterQueue")]
    public string ClusterQueue { get; set; } = "";
}
