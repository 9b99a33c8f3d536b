using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>The kind of capacity an attempt runs on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CapacityType>))]
public enum CapacityType
{
    Spot,
    OnDemand,
}
