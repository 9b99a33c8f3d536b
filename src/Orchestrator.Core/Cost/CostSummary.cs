using Orchestrator.Api;

namespace Orchestrator.Core.Cost;

/// <summary>GPU time by capacity and its estimated cost against running everything on on-demand.</summary>
public sealed record CostSummary(double SpotGpuSeconds, double OnDemandGpuSeconds, double Estimated, double AllOnDemand)
{
    public double Savings => AllOnDemand - Estimated;

    public double SavingsPercent => AllOnDemand > 0 ? 100 * Savings / AllOnDemand : 0;

    public CostStatus ToStatus() => new()
    {
        Estimated = Estimated,
        AllOnDemand = AllOnDemand,
        Savings = Savings,
        SavingsPercent = Math.Round(SavingsPercent, 2),
    };

    public GpuSeconds ToGpuSeconds() => new() { Spot = SpotGpuSeconds, OnDemand = OnDemandGpuSeconds };
}
