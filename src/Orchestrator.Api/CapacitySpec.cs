using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Where attempts run and when to leave spot for on-demand capacity.</summary>
public sealed class CapacitySpec
{
    /// <summary>The capacity the first attempt uses. Default Spot.</summary>
    [JsonPropertyName("preferred")]
    public CapacityType? Preferred { get; set; }

    [JsonPropertyName("fallback")]
    public FallbackSpec? Fallback { get; set; }
}
