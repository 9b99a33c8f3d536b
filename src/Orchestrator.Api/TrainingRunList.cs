using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Api;

/// <summary>The list kind the API server returns for <c>GET .../trainingruns</c>.</summary>
[KubernetesEntity(Group = ApiGroup.Name, ApiVersion = ApiGroup.Version, Kind = ApiGroup.ListKind, PluralName = ApiGroup.Plural)]
public sealed class TrainingRunList : IKubernetesObject<V1ListMeta>, IItems<TrainingRun>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ApiGroup.ListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<TrainingRun> Items { get; set; } = [];
}
