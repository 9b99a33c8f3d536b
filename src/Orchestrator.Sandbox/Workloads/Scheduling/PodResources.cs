using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>Resource arithmetic as the scheduler sees it: requests default to limits, and init containers run one at a time.</summary>
internal static class PodResources
{
    public const string Gpu = "nvidia.com/gpu";
    public const string Pods = "pods";

    public static Dictionary<string, decimal> RequestsOf(V1Pod pod)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in pod.Spec.Containers ?? [])
        {
            foreach (var (name, amount) in RequestsOf(container))
            {
                total[name] = total.GetValueOrDefault(name) + amount;
            }
        }

        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            foreach (var (name, amount) in RequestsOf(init))
            {
                total[name] = Math.Max(total.GetValueOrDefault(name), amount);
            }
        }

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

    private static Dictionary<string, decimal> RequestsOf(V1Container container)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, quantity) in container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>())
        {
            result[name] = quantity.ToDecimal();
        }

        foreach (var (name, quantity) in container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            result[name] = quantity.ToDecimal();
        }

        return result;
    }
}
