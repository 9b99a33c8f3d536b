using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>GPU time used, by capacity type, over all attempts (GPUs per worker × workers × running seconds).</summary>
public sealed class GpuSeconds
{
    [JsonPropertyName("spot")]
    public double Spot { get; set; }

    [JsonPropertyName("onDemand")]
    public double OnDemand { get; set; }
}
