using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>Where attempts run and when to leave spot for on-demand capacity.</summary>
public sealed class CapacitySpec
{
    /// <summary>The capacity the first attempt uses. Default Spot.</summary>
    [JsonPropertyName("preferred")]
    [Default(Defaults.PreferredCapacity)]
    public CapacityType? Preferred { get; set; }

    [JsonPropertyName("fallback")]
    [Default(DefaultAttribute.Empty)]
    public FallbackSpec? Fallback { get; set; }
}
