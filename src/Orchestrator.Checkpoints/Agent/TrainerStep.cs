using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// The content of <c>D/.orchestrator/step</c>, rewritten by the trainer after every step: the last completed step,
/// the request it is paused for (a hold), that it has trained its last step, or that it got SIGTERM and, in a gang,
/// waits for the agents to agree on a step to save with the other ranks (<see cref="Terminating"/>).
/// </summary>
public sealed record TrainerStep(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("holding")] string? Holding = null,
    [property: JsonPropertyName("finished")] bool Finished = false,
    [property: JsonPropertyName("terminating")] bool Terminating = false);
