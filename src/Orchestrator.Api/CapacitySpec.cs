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

    /// <summary>
    /// Zones a spot attempt may be steered to, one at a time, by required node affinity on <see cref="ZoneLabel"/>; the
    /// spot queue's ClusterQueue should have one flavor per zone (docs/policies.md, "Spot across zones"). Empty: no steering.
    /// </summary>
    [JsonPropertyName("spotZones")]
    [ListSet]
    [MaxLength(16)]
    public IList<string>? SpotZones { get; set; }

    /// <summary>The node label that names a node's zone. Default <c>topology.kubernetes.io/zone</c>.</summary>
    [JsonPropertyName("zoneLabel")]
    [Default(Defaults.ZoneLabel)]
    [MaxLength(316)]
    public string? ZoneLabel { get; set; }

    [JsonPropertyName("fallback")]
    [Default(DefaultAttribute.Empty)]
    public FallbackSpec? Fallback { get; set; }
}
