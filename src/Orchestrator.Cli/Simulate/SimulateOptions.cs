namespace Orchestrator.Cli.Simulate;

/// <summary>
/// The flags of <c>trainctl simulate --trace FILE --compute 48h --deadline 52h --changeover 12m --spot-price X
/// --ondemand-price Y [--stride 6h] [--policy NAME|all] [--uid UID] [-o table|json] [--plot FILE.svg]</c>, parsed. More than
/// one <c>--trace</c> replays the zones of one period side by side (<see cref="MoreTraces"/>).
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

    /// <summary>The second and later <c>--trace</c>: with them, a multi-zone replay (one zone per trace).</summary>
    public IReadOnlyList<string> MoreTraces { get; init; } = [];

    /// <summary>The run UID that seeds ROSS in every replayed run (reproduces a controller's run); null: one per start point.</summary>
    public string? Uid { get; init; }

    /// <summary>Where to write an SVG of savings against deadline slack; null for none.</summary>
    public string? Plot { get; init; }
}
