using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// The fallback for a run that allows one but names no wait of its own (AfterPreemptions alone): spot workers that
/// stay unschedulable are a preemption that never ends, which AfterPreemptions would never count. After
/// <see cref="CapacityPolicyOptions.SpotWait"/> of it (30 minutes unless the spec says), the run falls back.
/// AfterSpotWait and Deadline have their own clocks; Never means never.
/// </summary>
internal static class UnschedulableSpotTrigger
{
    public static (string? Fired, DateTimeOffset? ReevaluateAt) Check(PolicyInput input)
    {
        var options = input.Options;
        if (options.Has(FallbackPolicy.AfterSpotWait) || options.Has(FallbackPolicy.Deadline) || options.Has(FallbackPolicy.Never)
            || input.Current is not { Capacity: CapacityType.Spot, State: AttemptState.Queued } || input.SpotUnschedulableSince is not { } since)
        {
            return (null, null);
        }

        var stuck = input.Now - since;
        return stuck >= options.SpotWait
            ? ($"spot workers unschedulable for {HumanDuration.Format(stuck)} (spotWait {HumanDuration.Format(options.SpotWait)}): no spot node fits them", null)
            : (null, since + options.SpotWait);
    }
}
