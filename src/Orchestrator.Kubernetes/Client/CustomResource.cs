using Orchestrator.Api;
using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Kubernetes.Client;

/// <summary>Where a custom resource lives on the API server.</summary>
public sealed record CustomResource(string Group, string Version, string Plural)
{
    /// <summary>orchestrator.dev/v1alpha1 trainingruns.</summary>
    public static readonly CustomResource TrainingRuns = new(ApiGroup.Name, ApiGroup.Version, ApiGroup.Plural);

    /// <summary>kueue.x-k8s.io/v1beta2 workloads.</summary>
    public static readonly CustomResource Workloads = new(KueueApi.Group, KueueApi.Version, KueueApi.WorkloadPlural);
}
