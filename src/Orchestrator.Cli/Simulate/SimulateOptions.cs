namespace Orchestrator.Cli.Simulate;

/// <summary>
/// The flags of <c>trainctl simulate --trace FILE --compute 48h --deadline 52h --changeover 12m --spot-price X
/// --ondemand-price Y [--stride 6h] [--policy NAME|all] [-o table|json] [--plot FILE.svg]</c>, parsed.
/// </summary>
public sealed record SimulateOptions(
    string Trace,
    TimeSpan Compute,
    TimeSpan Deadline,
    TimeSpan Changeover,
    double SpotPrice,
    double OnDemandPrice)
{
    public TimeSpan Stride { get; init; } = TimeSpan.FromHours(6);

    /// <summary>A name from <c>SimulatedPolicies.Names</c>, or <c>all</c>.</summary>
    public string Policy { get; init; } = "all";

    /// <summary><c>table</c> or <c>json</c>.</summary>
    public string Output { get; init; } = "table";

    /// <summary>Where to write an SVG of savings against deadline slack; null for none.</summary>
    public string? Plot { get; init; }
}
