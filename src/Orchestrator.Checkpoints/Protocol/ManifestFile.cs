using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>One file of a checkpoint. <see cref="Path"/> is relative to the checkpoint (<c>rank-0/weights.bin</c>).</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sizeBytes")] long SizeBytes,
    [property: JsonPropertyName("xxh128")] string Xxh128);
