using System.Text.Json.Serialization;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// The content of <c>D/.orchestrator/restore.json</c>: which checkpoint was restored, and where (the same on every rank
/// of a gang), and the newer ones the gang passed over. Trainers need only <see cref="Step"/> and <see cref="Path"/>.
/// </summary>
public sealed record RestoreInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedCheckpoint>? Skipped = null);
