using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>A checkpoint the controller asked for (periodic, suspend or capacity switch) and is waiting on.</summary>
public sealed class SaveRequestStatus
{
    /// <summary>Deterministic per attempt and purpose, e.g. <c>a3-periodic-7</c>, so a repeated request is the same request.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>periodic, suspend or switch.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";

    [JsonPropertyName("requestedTime")]
    public DateTimeOffset RequestedTime { get; set; }
}
