using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>kueue.x-k8s.io/v1beta2 LocalQueue.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Named after the Kueue kind it maps.")]
public sealed class LocalQueue : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "LocalQueue";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public LocalQueueSpec Spec { get; set; } = new();
}
