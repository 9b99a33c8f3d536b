using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>kueue.x-k8s.io/v1beta2 Workload, the fields the simulation writes and reads.</summary>
public sealed class Workload : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Workload";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WorkloadSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public WorkloadStatus? Status { get; set; }
}
