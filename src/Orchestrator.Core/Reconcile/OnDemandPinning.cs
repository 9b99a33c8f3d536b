using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The node selector that keeps an on-demand attempt off spot nodes, and which capacity an admitted flavor really is.
/// Both come from Kueue's own objects, so they follow each cloud's label scheme; the controller's config can override
/// the selector (<see cref="ReconcileSettings.OnDemandNodeSelector"/>).
/// </summary>
public static class OnDemandPinning
{
    /// <summary>The override when configured, else the labels the on-demand queue's flavors share; null pins nothing.</summary>
    public static IReadOnlyDictionary<string, string>? Selector(ReconcileSettings settings, KueueFlavorMap? kueue, string ns, string onDemandQueue) =>
        settings.OnDemandNodeSelector ?? kueue?.SharedNodeLabels(ns, onDemandQueue);

    /// <summary>
    /// On-demand when the flavor Kueue assigned belongs to the on-demand queue's ClusterQueue and not to the spot
    /// queue's own flavors alone; null when that cannot be told or equals <paramref name="planned"/>.
    /// </summary>
    public static CapacityType? AdmittedCapacity(KueueFlavorMap? kueue, string ns, QueueNames queues, CapacityType planned, string? flavor)
    {
        if (kueue is null || flavor is null)
        {
            return null;
        }

        var onDemand = kueue.FlavorsOf(ns, queues.OnDemand);
        if (onDemand is null)
        {
            return null;
        }

        var actual = onDemand.Contains(flavor, StringComparer.Ordinal) ? CapacityType.OnDemand : CapacityType.Spot;
        return actual == planned ? null : actual;
    }
}
