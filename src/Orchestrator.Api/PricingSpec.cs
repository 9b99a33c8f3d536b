using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Prices per GPU-hour, in any currency as long as both use the same one.</summary>
public sealed class PricingSpec
{
    [JsonPropertyName("spotPerGpuHour")]
    public double? SpotPerGpuHour { get; set; }

    [JsonPropertyName("onDemandPerGpuHour")]
    public double? OnDemandPerGpuHour { get; set; }
}
