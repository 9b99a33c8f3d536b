using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>Kueue setups shaped like samples/kueue-setup.yaml: flavors spot and on-demand, ClusterQueues gpu-spot-first (both) and gpu-on-demand.</summary>
internal static class FlavorMaps
{
    public static KueueFlavorMap Sample(string capacityLabel, string spotValue, string onDemandValue) => new(
        new Dictionary<string, string> { ["default/spot"] = "gpu-spot-first", ["default/on-demand"] = "gpu-on-demand" },
        new Dictionary<string, IReadOnlyList<string>> { ["gpu-spot-first"] = ["spot", "on-demand"], ["gpu-on-demand"] = ["on-demand"] },
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["spot"] = new Dictionary<string, string> { [capacityLabel] = spotValue },
            ["on-demand"] = new Dictionary<string, string> { [capacityLabel] = onDemandValue },
        });
}
