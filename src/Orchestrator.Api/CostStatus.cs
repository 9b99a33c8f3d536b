using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Estimated spend from GPU time and prices, against running everything on on-demand.</summary>
public sealed class CostStatus
{
    [JsonPropertyName("estimated")]
    public double Estimated { get; set; }

    /// <summary>What the same GPU time would have cost at the on-demand price.</summary>
    [JsonPropertyName("allOnDemand")]
    public double AllOnDemand { get; set; }

    [JsonPropertyName("savings")]
    public double Savings { get; set; }

    [JsonPropertyName("savingsPercent")]
    public double SavingsPercent { get; set; }
}
