using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

/// <summary>Resource amounts as decimals (cores for cpu, bytes for memory, units for the rest).</summary>
internal static class ResourceAmounts
{
    public static Dictionary<string, decimal> PerPod(V1PodSpec spec)
    {
        var total = new Dictionary<string, decimal>();
        foreach (var container in spec.Containers ?? [])
        {
            foreach (var (name, amount) in Requests(container))
            {
                total[name] = total.GetValueOrDefault(name) + amount;
            }
        }

        // Init containers run one at a time before the others, so a pod needs the largest of them.
        foreach (var init in spec.InitContainers ?? [])
        {
            foreach (var (name, amount) in Requests(init))
            {
                total[name] = Math.Max(total.GetValueOrDefault(name), amount);
            }
        }

        return total;
    }

    public static Dictionary<string, decimal> Times(IReadOnlyDictionary<string, decimal> perPod, int count) =>
        perPod.ToDictionary(kv => kv.Key, kv => kv.Value * count);

    public static void AddTo(Dictionary<string, decimal> total, IReadOnlyDictionary<string, decimal> amounts, decimal sign = 1)
    {
        foreach (var (name, amount) in amounts)
        {
            total[name] = total.GetValueOrDefault(name) + (sign * amount);
        }
    }

    public static decimal Amount(ResourceQuantity? quantity) => quantity?.ToDecimal() ?? 0m;

    // As the API server does, a container with limits but no requests requests its limits.
    private static IEnumerable<KeyValuePair<string, decimal>> Requests(V1Container container)
    {
        var requests = container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
        var limits = container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
        foreach (var name in requests.Keys.Union(limits.Keys))
        {
            var quantity = requests.TryGetValue(name, out var requested) ? requested : limits[name];
            yield return new(name, Amount(quantity));
        }
    }
}
