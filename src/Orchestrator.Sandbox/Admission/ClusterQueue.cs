using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>kueue.x-k8s.io/v1beta2 ClusterQueue, the fields the simulation reads.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Named after the Kueue kind it maps.")]
public sealed class ClusterQueue : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ClusterQueue";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ClusterQueueSpec Spec { get; set; } = new();
}
