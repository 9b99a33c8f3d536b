using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>Prices per GPU-hour, in any currency as long as both use the same one.</summary>
public sealed class PricingSpec
{
    [JsonPropertyName("spotPerGpuHour")]
    [Minimum(0)]
    public double? SpotPerGpuHour { get; set; }

    [JsonPropertyName("onDemandPerGpuHour")]
    [Minimum(0)]
    public double? OnDemandPerGpuHour { get; set; }
}
