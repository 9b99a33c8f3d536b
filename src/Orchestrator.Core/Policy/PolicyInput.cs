namespace Orchestrator.Core.Policy;

/// <summary>Everything a capacity decision depends on, at one instant.</summary>
/// <remarks>RunStartedAt: When the run was submitted: the origin of the uniform-progress line. Attempts: All attempts so far, oldest first; the last one may still be queued or running. ComputeDone: Useful compute completed so far (changeovers and lost work excluded). SpotAvailable: Whether a spot instance could be had right now; null when unknown, false in the controller once a spot attempt's workers have stayed unschedulable (<see cref="SpotScheduling"/>), known in a trace simulation. SpotUnschedulableSince: When the live spot attempt's workers became unschedulable, if they are.</remarks>
public sealed record PolicyInput(
    CapacityPolicyOptions Options,
    DateTimeOffset Now,
    DateTimeOffset RunStartedAt,
    IReadOnlyList<AttemptObservation> Attempts,
    TimeSpan ComputeDone,
    bool? SpotAvailable = null,
    DateTimeOffset? SpotUnschedulableSince = null)
{
    /// <summary>The attempt that is queued or running, if any.</summary>
    public AttemptObservation? Current => Attempts.Count > 0 && Attempts[^1].State != AttemptState.Ended ? Attempts[^1] : null;

    public AttemptObservation? Last => Attempts.Count > 0 ? Attempts[^1] : null;
}
