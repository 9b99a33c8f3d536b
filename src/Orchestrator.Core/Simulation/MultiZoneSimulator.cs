using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Simulation;

/// <summary>
/// Replays several zones' spot traces of the same period against one run that may place each spot attempt in any of
/// them. The model is <see cref="TraceSimulator"/>'s, per zone: a spot instance in zone z is lost at the first tick z's
/// trace reads 0, a queued attempt in z starts at the first tick z reads 1, every new instance costs the changeover.
/// The capacity is decided by the Deadline policy, told whether spot is available in the zone the strategy picked.
/// </summary>
public static class MultiZoneSimulator
{
    /// <summary>Every strategy: one row per zone for <see cref="ZoneStrategy.Stay"/>, then eager, observed, oracle.</summary>
    public static IReadOnlyList<PolicySummary> Simulate(IReadOnlyList<(string Zone, SpotTrace Trace)> zones, SimulationParameters parameters,
        DeadlineAlgorithm algorithm = Defaults.DeadlineAlgorithm)
    {
        if (zones.Count == 0)
        {
            throw new ArgumentException("at least one trace is needed", nameof(zones));
        }

        var gap = zones[0].Trace.Gap;
        if (zones.Any(z => z.Trace.Gap != gap))
        {
            throw new ArgumentException("the traces must have the same gap_seconds (the same period, tick by tick)", nameof(zones));
        }

        var ticks = zones.Min(z => z.Trace.Available.Count);
        var traces = zones.Select(z => new SpotTrace(gap, z.Trace.Available.Take(ticks).ToList())).ToList();
        var names = zones.Select(z => z.Zone).ToList();
        var policy = SimulatedPolicies.Create(SimulatedPolicies.Deadline, parameters, gap);
        policy = policy with { Options = policy.Options with { DeadlineAlgorithm = algorithm } };
        var starts = TraceSimulator.StartTicks(traces[0], parameters);
        var runs = new Runs(traces);
        var summaries = new List<PolicySummary>();
        for (var i = 0; i < names.Count; i++)
        {
            var fixedZone = i;
            summaries.Add(Run($"stay {names[i]}", starts, start => new MultiZoneRun(traces, names, ZoneStrategy.Stay, fixedZone, policy, parameters, runs).Play(start), parameters));
        }

        foreach (var strategy in new[] { ZoneStrategy.EagerNextZone, ZoneStrategy.Observed, ZoneStrategy.Oracle })
        {
            summaries.Add(Run(Name(strategy), starts, start => new MultiZoneRun(traces, names, strategy, 0, policy, parameters, runs).Play(start), parameters));
        }

        return summaries;
    }

    public static string Name(ZoneStrategy strategy) => strategy switch
    {
        ZoneStrategy.EagerNextZone => "eager-next-zone",
        ZoneStrategy.Observed => "zone-policy",
        ZoneStrategy.Oracle => "oracle",
        _ => "stay",
    };

    private static PolicySummary Run(string name, IReadOnlyList<long> starts, Func<long, RunOutcome> play, SimulationParameters parameters) =>
        TraceSimulator.Summarize(name, [.. starts.Select(play)], parameters);

    /// <summary>
    /// For the oracle: per zone and tick, how many ticks spot lasts from there (positive) or how many it stays away
    /// (negative), computed once per trace set by a backward pass over two laps (the traces repeat past their end).
    /// </summary>
    private sealed class Runs
    {
        private readonly int[][] _score;

        public Runs(IReadOnlyList<SpotTrace> traces)
        {
            _score = new int[traces.Count][];
            for (var z = 0; z < traces.Count; z++)
            {
                var n = traces[z].Available.Count;
                var score = new int[2 * n];
                for (var t = (2 * n) - 1; t >= 0; t--)
                {
                    var up = traces[z].Available[t % n];
                    var next = t + 1 < 2 * n ? score[t + 1] : 0;
                    score[t] = up ? (next > 0 ? next + 1 : 1) : (next < 0 ? next - 1 : -1);
                }

                _score[z] = score;
            }
        }

        public long Score(IReadOnlyList<SpotTrace> traces, int zone, long tick)
        {
            var n = traces[zone].Available.Count;
            var value = _score[zone][tick % n];
            return value > 0 ? value : value + 1;
        }
    }

    private sealed class MultiZoneRun(
        IReadOnlyList<SpotTrace> traces, IReadOnlyList<string> names, ZoneStrategy strategy, int fixedZone, SimulatedPolicy policy, SimulationParameters parameters,
        Runs lookahead)
    {
        private readonly Runs _lookahead = lookahead;

        private static readonly DateTimeOffset Origin = DateTimeOffset.UnixEpoch;
        private readonly List<AttemptObservation> _attempts = [];
        private TimeSpan _elapsed;
        private TimeSpan _done;
        private TimeSpan _changeoverLeft;
        private TimeSpan _spotBilled;
        private TimeSpan _onDemandBilled;
        private int _preemptions;
        private int _starts;
        private int _eagerZone;

        private TimeSpan Gap => traces[0].Gap;

        private DateTimeOffset Now => Origin + _elapsed;

        private AttemptObservation? Current => _attempts.Count > 0 && _attempts[^1].State != AttemptState.Ended ? _attempts[^1] : null;

        public RunOutcome Play(long startTick)
        {
            _eagerZone = fixedZone;
            for (var tick = startTick; _done < parameters.Compute && _elapsed < parameters.Horizon; tick++)
            {
                Observe(tick);
                var zone = PickZone(tick);
                if (Current is { Capacity: CapacityType.Spot, State: AttemptState.Queued } queued && queued.Zone != names[zone])
                {
                    End(AttemptEndReason.Suspended);
                }

                var available = traces[zone].IsAvailable(tick);
                var decision = policy.Decide(new PolicyInput(policy.Options, Now, Origin, _attempts, _done, available));
                Apply(decision, zone, available);
                Advance();
            }

            var finished = _done >= parameters.Compute;
            var cost = (_spotBilled.TotalHours * parameters.SpotPrice) + (_onDemandBilled.TotalHours * parameters.OnDemandPrice);
            return new RunOutcome(_spotBilled, _onDemandBilled, cost, finished ? _elapsed : null, finished && _elapsed <= parameters.Deadline, _preemptions, _starts);
        }

        private int ZoneIndex(string? zone)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i] == zone)
                {
                    return i;
                }
            }

            return fixedZone;
        }

        private void Observe(long tick)
        {
            if (Current is not { Capacity: CapacityType.Spot } spot)
            {
                return;
            }

            var available = traces[ZoneIndex(spot.Zone)].IsAvailable(tick);
            if (spot.State == AttemptState.Running && !available)
            {
                _preemptions++;
                End(AttemptEndReason.Preempted);
                _eagerZone = (ZoneIndex(spot.Zone) + 1) % names.Count;
            }
            else if (spot.State == AttemptState.Queued && available)
            {
                StartInstance(spot);
            }
        }

        private int PickZone(long tick)
        {
            switch (strategy)
            {
                case ZoneStrategy.Stay:
                    return fixedZone;
                case ZoneStrategy.EagerNextZone:
                    // A launch in the current zone that found no capacity moves on to the next zone for the next try.
                    if (Current is { Capacity: CapacityType.Spot, State: AttemptState.Queued } queued && !traces[ZoneIndex(queued.Zone)].IsAvailable(tick)
                        && Now > queued.CreatedAt)
                    {
                        _eagerZone = (ZoneIndex(queued.Zone) + 1) % names.Count;
                    }

                    return _eagerZone;
                case ZoneStrategy.Observed:
                    return ZoneIndex(ZonePlacement.Choose(names, _attempts, Now, Gap).Zone);
                default:
                    return Oracle(tick);
            }
        }

        /// <summary>The running zone, else the zone available now whose spot lasts longest, else the one available soonest.</summary>
        private int Oracle(long tick)
        {
            if (Current is { Capacity: CapacityType.Spot, State: AttemptState.Running } running)
            {
                return ZoneIndex(running.Zone);
            }

            var best = 0;
            var bestScore = long.MinValue;
            for (var z = 0; z < traces.Count; z++)
            {
                var score = _lookahead.Score(traces, z, tick);
                if (score > bestScore)
                {
                    best = z;
                    bestScore = score;
                }
            }

            return best;
        }

        private void Apply(CapacityDecision decision, int zone, bool available)
        {
            var current = Current;
            if (current is not null && current.Capacity != decision.Capacity)
            {
                End(AttemptEndReason.Suspended);
                current = null;
            }

            if (current is null)
            {
                var spot = decision.Capacity == CapacityType.Spot;
                var attempt = new AttemptObservation(_attempts.Count, decision.Capacity, AttemptState.Queued, Now, Zone: spot ? names[zone] : null);
                _attempts.Add(attempt);
                if (!spot || available)
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
                _elapsed += Gap;
                return;
            }

            var needed = _changeoverLeft + (parameters.Compute - _done);
            var used = needed < Gap ? needed : Gap;
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
