using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Simulation;

/// <summary>
/// The greedy baseline of <i>Can't Be Late</i>: spot whenever available; once only on-demand can still make the
/// deadline, on-demand for good. It shares the Deadline policy's safety net, so the comparison isolates uniform progress.
/// </summary>
public static class GreedyPolicy
{
    public static CapacityDecision Decide(PolicyInput input)
    {
        var options = input.Options;
        var deadline = options.Deadline ?? throw new ArgumentException("the greedy baseline needs a deadline", nameof(input));
        var compute = options.ExpectedDuration ?? throw new ArgumentException("the greedy baseline needs the compute", nameof(input));
        var current = input.Current;
        var finalOnDemand = input.Attempts.Any(attempt => attempt.Capacity == CapacityType.OnDemand);
        var runningSpot = current is { Capacity: CapacityType.Spot, State: AttemptState.Running };
        var slack = UniformProgress.Slack(deadline, compute, options.ChangeoverDelay, input.Now, input.ComputeDone);
        if (finalOnDemand || (!runningSpot && slack <= options.EffectiveSafetyMargin))
        {
            return new(CapacityType.OnDemand, "Greedy: only on-demand can still make the deadline.", Final: true,
                SwitchCurrentAttempt: current is { Capacity: CapacityType.Spot });
        }

        return new(CapacityType.Spot, "Greedy: spot whenever available.", Final: false);
    }
}
