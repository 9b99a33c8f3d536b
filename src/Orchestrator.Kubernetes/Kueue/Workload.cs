using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Kueue;

/// <summary>
/// A Kueue Workload, reduced to the fields the controller reads (Kueue publishes no C# types). Read-only for
/// us: never write it back, since unknown fields are dropped on decoding.
/// </summary>
[KubernetesEntity(Group = KueueApi.Group, ApiVersion = KueueApi.Version, Kind = KueueApi.WorkloadKind, PluralName = KueueApi.WorkloadPlural)]
public sealed class Workload : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KueueApi.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KueueApi.WorkloadKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WorkloadSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public WorkloadStatus? Status { get; set; }

    /// <summary>The condition of type <paramref name="type"/>, if present.</summary>
    public V1Condition? Condition(string type) => Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>True when the condition of type <paramref name="type"/> is present with status "True".</summary>
    public bool IsTrue(string type) => string.Equals(Condition(type)?.Status, "True", StringComparison.Ordinal);
}
