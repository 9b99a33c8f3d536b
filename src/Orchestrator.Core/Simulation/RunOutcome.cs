namespace Orchestrator.Core.Simulation;

/// <summary>One replayed run. Billed times include changeovers; FinishedAfter is null when the run was abandoned.</summary>
public sealed record RunOutcome(
    TimeSpan SpotBilled,
    TimeSpan OnDemandBilled,
    double Cost,
    TimeSpan? FinishedAfter,
    bool MetDeadline,
    int Preemptions,
    int InstanceStarts);
