using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>
/// A pod's effective requests as the scheduler and Kueue compute them (KEP-753, component-helpers' PodRequests):
/// regular containers and sidecars (init containers with restartPolicy Always) add up, because they run together;
/// each plain init container needs its own requests plus those of the sidecars started before it; the pod needs the
/// larger of the two. A container with limits but no request requests its limits, as the API server defaults it.
/// </summary>
internal static class EffectivePodRequests
{
    public static Dictionary<string, decimal> Of(V1PodSpec spec)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in spec.Containers ?? [])
        {
            Add(total, RequestsOf(container));
        }

        var sidecars = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var init in spec.InitContainers ?? [])
        {
            var own = RequestsOf(init);
            Dictionary<string, decimal> whileItRuns;
            if (init.RestartPolicy == "Always")
            {
                Add(total, own);
                Add(sidecars, own);
                whileItRuns = sidecars;
            }
            else
            {
                whileItRuns = new Dictionary<string, decimal>(sidecars, StringComparer.Ordinal);
                Add(whileItRuns, own);
            }

            Max(initPeak, whileItRuns);
        }

        Max(total, initPeak);
        return total;
    }

    public static Dictionary<string, decimal> RequestsOf(V1Container container)
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

    private static void Add(Dictionary<string, decimal> into, Dictionary<string, decimal> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            into[name] = into.GetValueOrDefault(name) + amount;
        }
    }

    private static void Max(Dictionary<string, decimal> into, Dictionary<string, decimal> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            into[name] = Math.Max(into.GetValueOrDefault(name), amount);
        }
    }
}
