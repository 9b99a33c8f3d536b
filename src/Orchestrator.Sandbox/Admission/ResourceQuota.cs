using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

public sealed class ResourceQuota
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("nominalQuota")]
    public ResourceQuantity? NominalQuota { get; set; }

    [JsonPropertyName("borrowingLimit")]
    public ResourceQuantity? BorrowingLimit { get; set; }
}
