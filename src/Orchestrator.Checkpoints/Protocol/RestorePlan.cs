using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// <c>restores/a&lt;attempt&gt;/plan.json</c>, written once per attempt by rank 0's restore before any rank downloads:
/// the committed checkpoints it listed (<see cref="Listed"/>, newest first) and, of those, the ones this attempt may
/// restore, in the order every rank tries them (<see cref="Candidates"/>). The listing is also the fence for every
/// earlier attempt: a checkpoint of attempt a &lt; this one that is not in it was committed after this attempt began
/// restoring, by an agent the controller had already ended (<see cref="AttemptFence"/>).
/// </summary>
public sealed record RestorePlan(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("worldSize")] int WorldSize,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("listed")] IReadOnlyList<string> Listed,
    [property: JsonPropertyName("candidates")] IReadOnlyList<string> Candidates,
    [property: JsonPropertyName("fenced")] IReadOnlyList<string> Fenced);
