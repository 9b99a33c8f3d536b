using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>The content of <c>step-&lt;n&gt;/.finished</c>, written by the trainer last.</summary>
public sealed record FinishedMarker(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("requestId")] string? RequestId);
