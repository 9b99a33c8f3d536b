using System.Text.Json.Serialization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary><c>requests/&lt;id&gt;/rank-&lt;r&gt;.json</c>: the step rank r's trainer is paused at for a save request.</summary>
public sealed record RankStep(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("step")] long Step);
