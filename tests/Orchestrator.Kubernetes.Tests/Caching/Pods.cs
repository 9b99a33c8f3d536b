using k8s.Models;

namespace Orchestrator.Kubernetes.Tests.Caching;

/// <summary>Builds small pods for cache tests.</summary>
internal static class Pods
{
    public static V1Pod Pod(string name, string? node = null, string? run = null, string ns = "default") => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = run is null ? null : new Dictionary<string, string> { ["orchestrator.dev/run"] = run },
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };
}
