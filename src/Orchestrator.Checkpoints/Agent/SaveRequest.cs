using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// A request for a checkpoint: the controller's pod annotation (id and reason), and the file the trainer reads.
/// In a gang the agent adds <see cref="Hold"/> (finish the current step, then pause) and then <see cref="Step"/>
/// (save exactly that step), so that every rank saves the same step. Neither: save at the end of the current step.
/// </summary>
public sealed record SaveRequest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("reason")] string Reason)
{
    [JsonPropertyName("hold")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Hold { get; init; }

    [JsonPropertyName("step")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Step { get; init; }
}
