namespace Orchestrator.Core.Simulation;

/// <summary>The job and market a trace is replayed against. Prices are per instance-hour.</summary>
public sealed record SimulationParameters(
    TimeSpan Compute,
    TimeSpan Deadline,
    TimeSpan Changeover,
    double SpotPrice,
    double OnDemandPrice)
{
    /// <summary>Distance between two start points in the trace. Default 6 h.</summary>
    public TimeSpan Stride { get; init; } = TimeSpan.FromHours(6);

    public int AfterPreemptions { get; init; } = Policy.CapacityPolicyOptions.DefaultAfterPreemptions;

    public TimeSpan SpotWait { get; init; } = Policy.CapacityPolicyOptions.DefaultSpotWait;

    /// <summary>
    /// The run UID every replayed run draws its randomness from (ROSS), so a controller's run can be reproduced; null:
    /// each start point is its own run, <c>sim-&lt;start tick&gt;</c>.
    /// </summary>
    public string? RunUid { get; init; }

    public string UidFor(long startTick) => RunUid ?? $"sim-{startTick.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A run that has not finished this long after its start is abandoned and counted as a miss.</summary>
    public TimeSpan Horizon => 10 * (Deadline > Compute ? Deadline : Compute);

    /// <summary>The cost of running everything on one on-demand instance: compute plus one changeover.</summary>
    public double AllOnDemandCost => (Compute + Changeover).TotalHours * OnDemandPrice;
}
