using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Why an attempt ended. Only AppFailure counts against <c>maxAppFailures</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptEndReason>))]
public enum AttemptEndReason
{
    Succeeded,

    /// <summary>A spot reclaim, node loss or Kueue eviction. Never counted as an application failure.</summary>
    Preempted,

    /// <summary>A non-zero exit that no disruption explains.</summary>
    AppFailure,

    Suspended,

    /// <summary>The Job vanished or ended without evidence either way.</summary>
    Unknown,
}
