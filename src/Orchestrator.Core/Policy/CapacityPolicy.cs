using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Decides the capacity of a run from its options and history. Stateless: every hysteresis it needs is read from the
/// attempt history, so the controller and the trace simulator can call it at any instant with the same result.
/// </summary>
public static class CapacityPolicy
{
    public static CapacityDecision Decide(PolicyInput input)
    {
        var options = input.Options;
        if (options.Preferred == CapacityType.OnDemand)
        {
            return new(CapacityType.OnDemand, "The run prefers on-demand capacity.", Final: true);
        }

        if (!options.Triggers.Any(trigger => trigger != FallbackPolicy.Never))
        {
            return new(CapacityType.Spot, "Fallback policy Never: the run stays on spot.", Final: true);
        }

        var deadline = options.Has(FallbackPolicy.Deadline) ? DeadlineTerms.From(options) : null;
        var current = input.Current;
        var onSpot = current is { Capacity: CapacityType.Spot };
        var runningSpot = current is { Capacity: CapacityType.Spot, State: AttemptState.Running };

        if (deadline is not null && !runningSpot && SafetyNet(input, deadline) is { } net)
        {
            return net;
        }

        var lastOnDemand = LastIndexOf(input.Attempts, CapacityType.OnDemand);
        var canReturn = deadline is not null && options.ReturnToSpot;
        if (lastOnDemand >= 0 && !canReturn)
        {
            return new(CapacityType.OnDemand, "The run fell back to on-demand and stays there.", Final: true, SwitchCurrentAttempt: onSpot);
        }

        var fired = new List<string>();
        DateTimeOffset? reevaluateAt = null;
        if (options.Has(FallbackPolicy.AfterPreemptions))
        {
            var preemptions = CountSpotPreemptionsAfter(input.Attempts, lastOnDemand);
            if (preemptions >= options.AfterPreemptions)
            {
                fired.Add(string.Create(CultureInfo.InvariantCulture,
                    $"preempted {preemptions} times on spot (AfterPreemptions {options.AfterPreemptions})"));
            }
        }

        if (options.Has(FallbackPolicy.AfterSpotWait) && current is { Capacity: CapacityType.Spot, State: AttemptState.Queued })
        {
            var waited = input.Now - current.CreatedAt;
            if (waited >= options.SpotWait)
            {
                fired.Add($"spot has not started for {HumanDuration.Format(waited)} (AfterSpotWait {HumanDuration.Format(options.SpotWait)})");
            }
            else
            {
                reevaluateAt = current.CreatedAt + options.SpotWait;
            }
        }

        var (unschedulable, lookAgainAt) = UnschedulableSpotTrigger.Check(input);
        if (unschedulable is not null)
        {
            fired.Add(unschedulable);
        }
        else if (lookAgainAt is { } at)
        {
            reevaluateAt = reevaluateAt is { } earlier && earlier < at ? earlier : at;
        }

        if (fired.Count > 0)
        {
            var because = string.Join("; ", fired);
            return canReturn
                ? new(CapacityType.OnDemand, $"Falling back to on-demand: {because}. The Deadline policy may return to spot once ahead.",
                    Final: false, SwitchCurrentAttempt: onSpot)
                : new(CapacityType.OnDemand, $"Falling back to on-demand for good: {because}.", Final: true, SwitchCurrentAttempt: onSpot);
        }

        if (deadline is null)
        {
            return options.Has(FallbackPolicy.Deadline)
                ? new(CapacityType.Spot, "Deadline: the compute is not known yet (no expectedDuration, and the trainer has not reported total steps and a step time); spot until it is.",
                    Final: false, reevaluateAt)
                : new(CapacityType.Spot, "Spot: no fallback trigger has fired.", Final: false, reevaluateAt);
        }

        return options.DeadlineAlgorithm == DeadlineAlgorithm.Ross
            ? RossDeadline.Decide(input, deadline, reevaluateAt, () => UniformProgressDecision(input, deadline, reevaluateAt))
            : UniformProgressDecision(input, deadline, reevaluateAt);
    }

    private static CapacityDecision? SafetyNet(PolicyInput input, DeadlineTerms terms)
    {
        var options = input.Options;
        var remaining = UniformProgress.Remaining(terms.Compute, input.ComputeDone);
        var slack = UniformProgress.Slack(terms.Deadline, terms.Compute, options.ChangeoverDelay, input.Now, input.ComputeDone);
        if (slack > options.EffectiveSafetyMargin)
        {
            return null;
        }

        var reason = $"Deadline safety net: only on-demand can still finish by {terms.Deadline.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} "
            + $"(remaining {HumanDuration.Format(remaining)} + changeover {HumanDuration.Format(options.ChangeoverDelay)} "
            + $"leaves {HumanDuration.Format(slack)} of slack, margin {HumanDuration.Format(options.EffectiveSafetyMargin)}).";
        return new(CapacityType.OnDemand, reason, Final: true, SwitchCurrentAttempt: input.Current is { Capacity: CapacityType.Spot });
    }

    private static CapacityDecision UniformProgressDecision(PolicyInput input, DeadlineTerms terms, DateTimeOffset? reevaluateAt)
    {
        var options = input.Options;
        var current = input.Current;
        var now = input.Now;
        var target = UniformProgress.Target(input.RunStartedAt, terms.Deadline, terms.Compute, now);
        var ahead = input.ComputeDone - target;
        var position = ahead >= TimeSpan.Zero
            ? $"{HumanDuration.Format(ahead)} ahead of uniform progress"
            : $"{HumanDuration.Format(-ahead)} behind uniform progress";

        if (current is { Capacity: CapacityType.Spot, State: AttemptState.Running })
        {
            return new(CapacityType.Spot, $"Deadline: on spot and progressing, {position}.", Final: false, reevaluateAt);
        }

        if ((current ?? input.Last)?.Capacity == CapacityType.OnDemand)
        {
            return StayOrReturn(input, terms, ahead, position);
        }

        // The controller cannot see spot availability (SpotAvailable null): a spot attempt queued for less than one
        // changeover is still starting (admission, scheduling, image pull), which says nothing about spot being gone.
        // Without this, every run is "behind" a second after it is submitted and leaves spot before it could start.
        var startingOnSpot = ahead < TimeSpan.Zero && input.SpotAvailable is null && current is { Capacity: CapacityType.Spot, State: AttemptState.Queued }
            && now - current.CreatedAt < options.ChangeoverDelay;
        if (ahead < TimeSpan.Zero && input.SpotAvailable != true && !startingOnSpot)
        {
            return new(CapacityType.OnDemand, $"Deadline: {position} while spot is not running; on-demand until ahead again.",
                Final: false, SwitchCurrentAttempt: current is not null);
        }

        var safetyAt = now + UniformProgress.Slack(terms.Deadline, terms.Compute, options.ChangeoverDelay, now, input.ComputeDone)
            - options.EffectiveSafetyMargin;
        var behindAt = UniformProgress.BehindAt(input.RunStartedAt, terms.Deadline, terms.Compute, input.ComputeDone);
        var next = Earliest(reevaluateAt, safetyAt);
        if (startingOnSpot)
        {
            next = Earliest(next, current!.CreatedAt + options.ChangeoverDelay);
        }

        if (behindAt > now)
        {
            next = Earliest(next, behindAt);
        }

        var why = ahead >= TimeSpan.Zero ? "waiting for spot is affordable" : startingOnSpot ? "the spot attempt is still starting" : "spot is available";
        return new(CapacityType.Spot, $"Deadline: {position}, {why}.", Final: false, next);
    }

    private static CapacityDecision StayOrReturn(PolicyInput input, DeadlineTerms terms, TimeSpan ahead, string position)
    {
        var options = input.Options;
        var current = input.Current;
        var margin = options.EffectiveReturnMargin;
        var dwellEnd = current is { State: AttemptState.Running, RunningSince: { } since } ? since + options.MinOnDemandDwell : input.Now;
        if (options.ReturnToSpot && ahead >= margin && input.Now >= dwellEnd && input.SpotAvailable != false)
        {
            return new(CapacityType.Spot, $"Deadline: {position} (margin {HumanDuration.Format(margin)}); returning to spot.",
                Final: false, SwitchCurrentAttempt: current is not null);
        }

        DateTimeOffset? next = null;
        if (options.ReturnToSpot && current is { State: AttemptState.Running })
        {
            var aheadAt = UniformProgress.AheadByAt(input.RunStartedAt, terms.Deadline, terms.Compute, input.Now, input.ComputeDone, margin);
            next = aheadAt is { } at ? Latest(at, dwellEnd) : null;
            if (next <= input.Now)
            {
                // Ahead and past the dwell but spot is known to be unavailable: look again a changeover later.
                next = input.Now + options.ChangeoverDelay;
            }
        }

        var until = options.ReturnToSpot ? $"returns to spot once {HumanDuration.Format(margin)} ahead" : "returnToSpot is off";
        return new(CapacityType.OnDemand, $"Deadline: on on-demand, {position}; {until}.", Final: false, next);
    }

    private static int LastIndexOf(IReadOnlyList<AttemptObservation> attempts, CapacityType capacity)
    {
        for (var i = attempts.Count - 1; i >= 0; i--)
        {
            if (attempts[i].Capacity == capacity)
            {
                return i;
            }
        }

        return -1;
    }

    private static int CountSpotPreemptionsAfter(IReadOnlyList<AttemptObservation> attempts, int index)
    {
        var count = 0;
        for (var i = index + 1; i < attempts.Count; i++)
        {
            if (attempts[i] is { Capacity: CapacityType.Spot, EndReason: AttemptEndReason.Preempted })
            {
                count++;
            }
        }

        return count;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value < b ? value : b;

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
