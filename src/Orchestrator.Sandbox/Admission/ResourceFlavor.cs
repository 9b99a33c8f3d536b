using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>kueue.x-k8s.io/v1beta2 ResourceFlavor, the fields the simulation reads.</summary>
public sealed class ResourceFlavor : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ResourceFlavor";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ResourceFlavorSpec Spec { get; set; } = new();
}
