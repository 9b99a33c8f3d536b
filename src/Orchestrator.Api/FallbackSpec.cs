using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>The fallback triggers and their parameters. Durations use Go syntax (<c>90s</c>, <c>30m</c>, <c>1h30m</c>).</summary>
public sealed class FallbackSpec
{
    /// <summary>Enabled triggers. Default <c>[Never]</c>.</summary>
    [JsonPropertyName("policies")]
    public IList<FallbackPolicy>? Policies { get; set; }

    /// <summary>Preemptions tolerated on spot before going on-demand (AfterPreemptions).</summary>
    [JsonPropertyName("afterPreemptions")]
    public int? AfterPreemptions { get; set; }

    /// <summary>How long spot may fail to run before going on-demand (AfterSpotWait).</summary>
    [JsonPropertyName("spotWait")]
    public string? SpotWait { get; set; }

    /// <summary>When the run must be finished (Deadline), RFC 3339.</summary>
    [JsonPropertyName("deadline")]
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>Compute time the run needs without interruptions (Deadline).</summary>
    [JsonPropertyName("expectedDuration")]
    public string? ExpectedDuration { get; set; }

    /// <summary>Time lost at every start on a new instance: provisioning, setup, lost progress. Default <c>12m</c>.</summary>
    [JsonPropertyName("changeoverDelay")]
    public string? ChangeoverDelay { get; set; }

    /// <summary>Whether a run that fell back returns to spot once it is safely ahead (Deadline). Default true.</summary>
    [JsonPropertyName("returnToSpot")]
    public bool? ReturnToSpot { get; set; }
}
