using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>A long training job that survives spot preemptions. One TrainingRun runs as a series of attempts.</summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = ApiGroup.Kind, PluralName = ApiGroup.Plural)]
public sealed class TrainingRun : IKubernetesObject<V1ObjectMeta>, ISpec<TrainingRunSpec>, IStatus<TrainingRunStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Required]
    public TrainingRunSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TrainingRunStatus? Status { get; set; }
}
