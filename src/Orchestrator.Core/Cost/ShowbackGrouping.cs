namespace Orchestrator.Core.Cost;

/// <summary>What <c>trainctl cost --by</c> groups runs by.</summary>
public enum ShowbackGrouping
{
    /// <summary>The run's <c>team</c> label; runs without one form the group "(no team)".</summary>
    Team,

    Namespace,

    /// <summary>One group per run, named <c>namespace/name</c>.</summary>
    Run,
}
