namespace Orchestrator.Core.Cost;

/// <summary>One group's GPU time, spend and what spot saved it, as <c>trainctl cost</c> shows it.</summary>
public sealed record ShowbackRow(
    string Group,
    int Runs,
    double SpotGpuHours,
    double OnDemandGpuHours,
    double Estimated,
    double AllOnDemand,
    int Preemptions,
    double LostWorkHours)
{
    public double Savings => AllOnDemand - Estimated;

    public double SavingsPercent => AllOnDemand > 0 ? 100 * Savings / AllOnDemand : 0;
}
