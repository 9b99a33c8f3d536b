namespace Orchestrator.Core.Simulation;

/// <summary>How a multi-zone replay places spot attempts; the capacity (spot or on-demand) is always the Deadline policy's.</summary>
public enum ZoneStrategy
{
    /// <summary>One zone for good: the single-zone baseline.</summary>
    Stay,

    /// <summary>SkyPilot's EAGER_NEXT_REGION: after a preemption, or a launch that found no capacity, the next zone in order.</summary>
    EagerNextZone,

    /// <summary>The product: <see cref="Policy.ZonePlacement"/>, from the run's own observations.</summary>
    Observed,

    /// <summary>Knows every trace: the zone whose spot lasts longest from now. An upper bound, for the table only.</summary>
    Oracle,
}
