using System.Text.Json.Serialization;

namespace Orchestrator.Cli.Storage;

/// <summary>One committed checkpoint as <c>trainctl checkpoints</c> shows it; <see cref="Verified"/> is set by <c>--verify</c>.</summary>
public sealed record CheckpointRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("sizeBytes")] long? SizeBytes,
    [property: JsonPropertyName("createdAt")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("files")] int? Files)
{
    /// <summary>Null when not checked; true when every file matched its size and XXH128 checksum.</summary>
    [JsonPropertyName("verified")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Verified { get; init; }

    /// <summary>Why the checkpoint cannot be used (unreadable manifest, missing or altered file).</summary>
    [JsonPropertyName("problem")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
}
