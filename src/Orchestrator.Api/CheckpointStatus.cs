using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>A committed checkpoint: its manifest exists and lists every file with size and checksum.</summary>
public sealed class CheckpointStatus
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("step")]
    public long Step { get; set; }

    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; set; }

    [JsonPropertyName("sizeBytes")]
    public long SizeBytes { get; set; }

    /// <summary>Where the manifest lives; never carries credentials.</summary>
    [JsonPropertyName("uri")]
    public string Uri { get; set; } = "";

    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }
}
