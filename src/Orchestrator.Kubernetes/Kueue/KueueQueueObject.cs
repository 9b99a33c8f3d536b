using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>
/// A LocalQueue, ClusterQueue or ResourceFlavor with its spec left as JSON: the controller only reads the few fields
/// <see cref="KueueFlavorMapReader"/> picks out, and never writes these objects.
/// </summary>
public sealed class KueueQueueObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonElement Spec { get; set; }
}
