using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>A committed checkpoint a gang's restore passed over, and why (which rank found what damaged, or that it was fenced).</summary>
public sealed class SkippedCheckpoint
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";
}
