using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>The list returned for <c>GET .../localqueues</c>, <c>clusterqueues</c> or <c>resourceflavors</c>.</summary>
public sealed class KueueQueueObjectList : IKubernetesObject<V1ListMeta>, IItems<KueueQueueObject>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<KueueQueueObject> Items { get; set; } = [];
}
