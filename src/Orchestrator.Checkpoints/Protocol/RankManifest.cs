using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>Written by each rank's agent after all of its files: that rank's part is complete.</summary>
public sealed record RankManifest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("requestId")] string? RequestId,
    [property: JsonPropertyName("files")] IReadOnlyList<ManifestFile> Files);
