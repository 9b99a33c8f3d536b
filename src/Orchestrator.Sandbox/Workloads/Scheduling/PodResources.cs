using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>Resource arithmetic as the scheduler sees it: a pod's effective requests (<see cref="EffectivePodRequests"/>) and a node's allocatable.</summary>
internal static class PodResources
{
    public const string Gpu = "nvidia.com/gpu";
    public const string Pods = "pods";

    public static Dictionary<string, decimal> RequestsOf(V1Pod pod)
    {
        var total = EffectivePodRequests.Of(pod.Spec);
        total[Pods] = 1;
        return total;
    }

    public static Dictionary<string, decimal> AllocatableOf(V1Node node)
    {
        var source = node.Status?.Allocatable ?? node.Status?.Capacity ?? new Dictionary<string, ResourceQuantity>();
        return source.ToDictionary(kv => kv.Key, kv => kv.Value.ToDecimal(), StringComparer.Ordinal);
    }

    public static void Add(Dictionary<string, decimal> into, Dictionary<string, decimal> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            into[name] = into.GetValueOrDefault(name) + amount;
        }
    }
}
