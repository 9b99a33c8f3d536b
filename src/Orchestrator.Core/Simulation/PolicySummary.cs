namespace Orchestrator.Core.Simulation;

/// <summary>One policy over every start point of a trace.</summary>
/// <remarks>SavingsPercent: mean over runs of 1 − cost / all-on-demand cost. SpotShare: spot billed time over all billed
/// time. MeanFinishHours: over the runs that finished. Unfinished: runs abandoned at the horizon (also misses).</remarks>
public sealed record PolicySummary(
    string Policy,
    int Runs,
    double SavingsPercent,
    int DeadlineMisses,
    double SpotShare,
    double MeanFinishHours,
    int Unfinished);
