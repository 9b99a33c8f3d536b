using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>The Kueue LocalQueues (in the run's namespace) an attempt is submitted to, by capacity type.</summary>
public sealed class QueueNames
{
    [JsonPropertyName("spot")]
    [Required]
    [MaxLength(63)]
    [CelRule("self.matches('" + Patterns.DnsLabel + "')", "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)")]
    public string Spot { get; set; } = "";

    [JsonPropertyName("onDemand")]
    [Required]
    [MaxLength(63)]
    [CelRule("self.matches('" + Patterns.DnsLabel + "')", "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)")]
    public string OnDemand { get; set; } = "";
}
