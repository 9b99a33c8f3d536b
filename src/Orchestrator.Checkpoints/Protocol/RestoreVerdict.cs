using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// <c>restores/a&lt;attempt&gt;/&lt;id&gt;/rank-&lt;r&gt;.json</c>: whether rank r's part of a candidate downloaded and verified.
/// A gang restores a candidate only when every rank says <see cref="Ok"/>; one rank saying no moves all to the next.
/// <see cref="Fatal"/>: the rank could not try at all (its local disk is full or failing), which says nothing about
/// the checkpoint; every rank then fails (exit 1, the pod retries) instead of falling back or starting fresh.
/// </summary>
public sealed record RestoreVerdict(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("fatal")] bool Fatal = false);
