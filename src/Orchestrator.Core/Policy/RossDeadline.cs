using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// The ROSS Deadline algorithm (Bhuyan, Bhatia, Kodialam, Lakshman, arXiv 2601.14612, 2026), after the shared safety
/// net has had its say: a warm-up (Uniform Progress here), then one on-demand interval at a random place, then spot
/// whenever it runs until the safety net takes over. Every instant is decided from the history and the run's seed.
/// </summary>
internal static class RossDeadline
{
    public static CapacityDecision Decide(PolicyInput input, DeadlineTerms terms, DateTimeOffset? reevaluateAt, Func<CapacityDecision> uniformProgress)
    {
        if (RossSchedule.Of(input, terms) is not { } plan)
        {
            var warm = uniformProgress();
            return warm with { Reason = "ROSS warm-up: " + warm.Reason };
        }

        var options = input.Options;
        var now = input.Now;
        var current = input.Current;
        var runningSpot = current is { Capacity: CapacityType.Spot, State: AttemptState.Running };
        var window = $"on-demand interval {Clock(plan.InjectionStart)}–{Clock(plan.InjectionEnd)} ({HumanDuration.Format(plan.Injection)})";
        if (now >= plan.InjectionStart && now < plan.InjectionEnd)
        {
            if (options.Ross.SpotDuringInjection && (runningSpot || (input.SpotAvailable == true && current is not { Capacity: CapacityType.OnDemand })))
            {
                return new(CapacityType.Spot, $"ROSS: inside the {window}, but spot is running.", Final: false, Earliest(reevaluateAt, plan.InjectionEnd));
            }

            return new(CapacityType.OnDemand, $"ROSS: inside the randomized {window}.", Final: false, Earliest(reevaluateAt, plan.InjectionEnd),
                SwitchCurrentAttempt: current is { Capacity: CapacityType.Spot });
        }

        if (options.Ross.UniformOutsideInjection)
        {
            var up = uniformProgress();
            return up with
            {
                Reason = "ROSS outside the injection: " + up.Reason,
                ReevaluateAt = now < plan.InjectionStart ? Earliest(up.ReevaluateAt, plan.InjectionStart) : up.ReevaluateAt,
            };
        }

        var slack = UniformProgress.Slack(terms.Deadline, terms.Compute, options.ChangeoverDelay, now, input.ComputeDone);
        var safetyAt = now + slack - options.EffectiveSafetyMargin;
        var next = Earliest(reevaluateAt, safetyAt);
        if (now < plan.InjectionStart)
        {
            next = Earliest(next, plan.InjectionStart);
        }

        if ((current ?? input.Last) is { Capacity: CapacityType.OnDemand } && input.SpotAvailable == false)
        {
            // Past the interval but spot is known to be gone: a switch would only wait. Look again a changeover later.
            return new(CapacityType.OnDemand, $"ROSS: past the {window}; spot is unavailable, staying on on-demand.", Final: false,
                Earliest(next, now + options.ChangeoverDelay));
        }

        var when = now < plan.InjectionStart ? "before" : "past";
        return new(CapacityType.Spot, $"ROSS: {when} the {window}; spot whenever it runs.", Final: false, next,
            SwitchCurrentAttempt: current is { Capacity: CapacityType.OnDemand });
    }

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value < b ? value : b;
}
