namespace Orchestrator.Core.Simulation;

/// <summary>One replayed run. Billed times include changeovers; FinishedAfter is null when the run was abandoned.</summary>
public sealed record RunOutcome(
    TimeSpan SpotBilled,
    TimeSpan OnDemandBilled,
    double Cost,
    TimeSpan? FinishedAfter,
    bool MetDeadline,
    int Preemptions,
    int InstanceStarts)
{
    /// <summary>The attempts the policy made, oldest first: the decisions, to compare with a controller's run.</summary>
    public IReadOnlyList<Policy.AttemptObservation> Attempts { get; init; } = [];
}
