using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Simulation;

/// <summary>
/// Replays a spot trace against a capacity policy, as in <i>Can't Be Late</i>: time advances in ticks; a spot
/// instance is lost at the first tick the trace reads 0; every start on a new instance costs the changeover, billed,
/// with no progress; the last partial tick is billed for the time used; waiting without an instance is free.
/// </summary>
public static class TraceSimulator
{
    public static IReadOnlyList<PolicySummary> Simulate(SpotTrace trace, SimulationParameters parameters, IEnumerable<string> policyNames)
    {
        var starts = StartTicks(trace, parameters);
        var summaries = new List<PolicySummary>();
        foreach (var name in policyNames)
        {
            var policy = SimulatedPolicies.Create(name, parameters, trace.Gap);
            var outcomes = starts.Select(start => Run(trace, start, policy, parameters)).ToList();
            summaries.Add(Summarize(name, outcomes, parameters));
        }

        return summaries;
    }

    /// <summary>Start points every stride, as long as the deadline still falls inside the trace.</summary>
    public static IReadOnlyList<long> StartTicks(SpotTrace trace, SimulationParameters parameters)
    {
        var strideTicks = Math.Max(1, (long)Math.Round(parameters.Stride / trace.Gap));
        var lastStart = (trace.Duration - parameters.Deadline) / trace.Gap;
        var starts = new List<long>();
        for (long tick = 0; tick <= lastStart; tick += strideTicks)
        {
            starts.Add(tick);
        }

        return starts.Count > 0 ? starts : [0];
    }

    public static RunOutcome Run(SpotTrace trace, long startTick, SimulatedPolicy policy, SimulationParameters parameters)
    {
        var seeded = policy with { Options = policy.Options with { Seed = Policy.RunSeed.FromUid(parameters.UidFor(startTick)) } };
        var run = new SimulatedRun(trace, seeded, parameters);
        return run.Play(startTick);
    }

    internal static PolicySummary Summarize(string name, List<RunOutcome> outcomes, SimulationParameters parameters)
    {
        var allOnDemand = parameters.AllOnDemandCost;
        var savings = outcomes.Average(outcome => 1 - (outcome.Cost / allOnDemand));
        var spot = outcomes.Sum(outcome => outcome.SpotBilled.TotalSeconds);
        var billed = spot + outcomes.Sum(outcome => outcome.OnDemandBilled.TotalSeconds);
        var finished = outcomes.Where(outcome => outcome.FinishedAfter is not null).ToList();
        return new PolicySummary(
            name,
            outcomes.Count,
            100 * savings,
            outcomes.Count(outcome => !outcome.MetDeadline),
            billed > 0 ? spot / billed : 0,
            finished.Count > 0 ? finished.Average(outcome => outcome.FinishedAfter!.Value.TotalHours) : double.NaN,
            outcomes.Count - finished.Count);
    }

    private sealed class SimulatedRun(SpotTrace trace, SimulatedPolicy policy, SimulationParameters parameters)
    {
        private static readonly DateTimeOffset Origin = DateTimeOffset.UnixEpoch;
        private readonly List<AttemptObservation> _attempts = [];
        private TimeSpan _elapsed;
        private TimeSpan _done;
        private TimeSpan _changeoverLeft;
        private TimeSpan _spotBilled;
        private TimeSpan _onDemandBilled;
        private int _preemptions;
        private int _starts;

        private DateTimeOffset Now => Origin + _elapsed;

        private AttemptObservation? Current => _attempts.Count > 0 && _attempts[^1].State != AttemptState.Ended ? _attempts[^1] : null;

        public RunOutcome Play(long startTick)
        {
            for (var tick = startTick; _done < parameters.Compute && _elapsed < parameters.Horizon; tick++)
            {
                var available = trace.IsAvailable(tick);
                Observe(available);
                var decision = policy.Decide(new PolicyInput(policy.Options, Now, Origin, _attempts, _done, available));
                Apply(decision, available);
                Advance();
            }

            var finished = _done >= parameters.Compute;
            var cost = (_spotBilled.TotalHours * parameters.SpotPrice) + (_onDemandBilled.TotalHours * parameters.OnDemandPrice);
            return new RunOutcome(_spotBilled, _onDemandBilled, cost, finished ? _elapsed : null,
                finished && _elapsed <= parameters.Deadline, _preemptions, _starts)
            {
                Attempts = [.. _attempts],
            };
        }

        private void Observe(bool available)
        {
            if (Current is not { Capacity: CapacityType.Spot } spot)
            {
                return;
            }

            if (spot.State == AttemptState.Running && !available)
            {
                _preemptions++;
                End(AttemptEndReason.Preempted);
            }
            else if (spot.State == AttemptState.Queued && available)
            {
                StartInstance(spot);
            }
        }

        private void Apply(CapacityDecision decision, bool available)
        {
            var current = Current;
            if (current is not null && current.Capacity != decision.Capacity)
            {
                // A capacity switch ends the attempt at its boundary (the controller checkpoints first; here nothing is lost).
                End(AttemptEndReason.Suspended);
                current = null;
            }

            if (current is null)
            {
                var attempt = new AttemptObservation(_attempts.Count, decision.Capacity, AttemptState.Queued, Now);
                _attempts.Add(attempt);
                if (decision.Capacity == CapacityType.OnDemand || available)
                {
                    StartInstance(attempt);
                }
            }
        }

        private void StartInstance(AttemptObservation attempt)
        {
            _attempts[^1] = attempt with { State = AttemptState.Running, RunningSince = Now };
            _changeoverLeft = parameters.Changeover;
            _starts++;
        }

        private void End(AttemptEndReason reason)
        {
            _attempts[^1] = _attempts[^1] with { State = AttemptState.Ended, EndedAt = Now, EndReason = reason };
            _changeoverLeft = TimeSpan.Zero;
        }

        private void Advance()
        {
            if (Current is not { State: AttemptState.Running } running)
            {
                _elapsed += trace.Gap;
                return;
            }

            var needed = _changeoverLeft + (parameters.Compute - _done);
            var used = needed < trace.Gap ? needed : trace.Gap;
            var changeover = _changeoverLeft < used ? _changeoverLeft : used;
            _changeoverLeft -= changeover;
            _done += used - changeover;
            _elapsed += used;
            if (running.Capacity == CapacityType.Spot)
            {
                _spotBilled += used;
            }
            else
            {
                _onDemandBilled += used;
            }

            if (_done >= parameters.Compute)
            {
                End(AttemptEndReason.Succeeded);
            }
        }
    }
}
