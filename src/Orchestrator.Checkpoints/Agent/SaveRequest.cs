using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>A request for a checkpoint: the controller's pod annotation, and the file the trainer reads.</summary>
public sealed record SaveRequest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("reason")] string Reason);
