using k8s.Models;
using Orchestrator.Sandbox.Workloads.Scheduling;

namespace Orchestrator.Sandbox.Admission;

/// <summary>Resource amounts as decimals (cores for cpu, bytes for memory, units for the rest).</summary>
internal static class ResourceAmounts
{
    /// <summary>What one pod of the spec counts against quota: its effective requests, sidecars included, as Kueue counts them.</summary>
    public static Dictionary<string, decimal> PerPod(V1PodSpec spec) => EffectivePodRequests.Of(spec);

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
}
