using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// The content of <c>D/.orchestrator/progress.json</c>, rewritten by the trainer (atomically) as it trains: the last
/// completed step and, when it knows it, the step the run ends at (docs/checkpointing.md, "Progress").
/// </summary>
public sealed record TrainerProgress(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("totalSteps")] long? TotalSteps = null);
