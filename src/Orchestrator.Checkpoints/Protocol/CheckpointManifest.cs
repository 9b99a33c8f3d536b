using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>The commit record of a checkpoint, written last by rank 0's agent. A checkpoint exists only once this does.</summary>
public sealed record CheckpointManifest
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("run")]
    public required string Run { get; init; }

    [JsonPropertyName("attempt")]
    public required int Attempt { get; init; }

    [JsonPropertyName("step")]
    public required long Step { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("worldSize")]
    public required int WorldSize { get; init; }

    [JsonPropertyName("checksum")]
    public string Checksum { get; init; } = "xxh128";

    [JsonPropertyName("totalSizeBytes")]
    public required long TotalSizeBytes { get; init; }

    /// <summary>The save request this checkpoint answered, if any.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    [JsonPropertyName("files")]
    public required IReadOnlyList<ManifestFile> Files { get; init; }
}
