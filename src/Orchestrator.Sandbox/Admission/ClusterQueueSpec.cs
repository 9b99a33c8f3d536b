using System.Text.Json.Serialization;

namespace Orchestrator.Sandbox.Admission;

public sealed class ClusterQueueSpec
{
    [JsonPropertyName("resourceGroups")]
    public List<ResourceGroup>? ResourceGroups { get; set; }

    /// <summary>v1beta2's name for the cohort; v1beta1 called it <c>cohort</c>.</summary>
    [JsonPropertyName("cohortName")]
    public string? CohortName { get; set; }

    [JsonPropertyName("cohort")]
    public string? Cohort { get; set; }

    [JsonPropertyName("queueingStrategy")]
    public string? QueueingStrategy { get; set; }
}
