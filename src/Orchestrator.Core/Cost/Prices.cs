using Orchestrator.Api;

namespace Orchestrator.Core.Cost;

/// <summary>Prices per GPU-hour, both in the same currency.</summary>
public sealed record Prices(double SpotPerGpuHour, double OnDemandPerGpuHour)
{
    /// <summary>The spec's prices where given, else the controller's defaults.</summary>
    public static Prices Resolve(PricingSpec? spec, Prices defaults) =>
        new(spec?.SpotPerGpuHour ?? defaults.SpotPerGpuHour, spec?.OnDemandPerGpuHour ?? defaults.OnDemandPerGpuHour);

    public double PerGpuHour(CapacityType capacity) => capacity == CapacityType.Spot ? SpotPerGpuHour : OnDemandPerGpuHour;
}
