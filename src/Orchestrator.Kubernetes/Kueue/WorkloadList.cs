using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The list kind returned for <c>GET .../workloads</c>.</summary>
[KubernetesEntity(Group = KueueApi.Group, ApiVersion = KueueApi.Version, Kind = KueueApi.WorkloadListKind, PluralName = KueueApi.WorkloadPlural)]
public sealed class WorkloadList : IKubernetesObject<V1ListMeta>, IItems<Workload>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KueueApi.WorkloadListKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<Workload> Items { get; set; } = [];
}
