using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>The content of <c>D/.orchestrator/restore.json</c>: which checkpoint was restored, and where.</summary>
public sealed record RestoreInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("path")] string Path);
