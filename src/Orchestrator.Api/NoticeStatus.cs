using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>A preemption notice the controller is acting on.</summary>
public sealed class NoticeStatus
{
    /// <summary>The configured signal that matched, for example <c>aws-node-termination-handler/spot-itn</c>.</summary>
    [JsonPropertyName("signal")]
    public string Signal { get; set; } = "";

    /// <summary>The node or pod that carried it.</summary>
    [JsonPropertyName("source")]
    public string Source { get; set; } = "";

    [JsonPropertyName("receivedTime")]
    public DateTimeOffset ReceivedTime { get; set; }

    /// <summary>When the capacity is expected to disappear.</summary>
    [JsonPropertyName("deadline")]
    public DateTimeOffset Deadline { get; set; }

    /// <summary>When a just-in-time save was requested; absent when it would not have fit the window.</summary>
    [JsonPropertyName("saveRequestedTime")]
    public DateTimeOffset? SaveRequestedTime { get; set; }

    /// <summary>The checkpoint id requested, so the commit that answers it can be recognised.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }
}
