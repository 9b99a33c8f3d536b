using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>The Kueue LocalQueues (in the run's namespace) an attempt is submitted to, by capacity type.</summary>
public sealed class QueueNames
{
    [JsonPropertyName("spot")]
    public string Spot { get; set; } = "";

    [JsonPropertyName("onDemand")]
    public string OnDemand { get; set; } = "";
}
