using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Picks the spot zone of a run's attempts from what the run itself has seen (docs/policies.md, "Spot across zones"):
/// stay in a zone while spot runs there, or while a queued attempt there is younger than the zone wait; after a
/// preemption or a wait that ran out, go to the zone with the longest mean time between losses seen so far (untried
/// zones count with a prior), zones with bad news in the last hour last. The capacity is still the capacity policy's.
/// </summary>
public static class ZonePlacement
{
    public static ZoneChoice Choose(IReadOnlyList<string> zones, IReadOnlyList<AttemptObservation> attempts, DateTimeOffset now, TimeSpan zoneWait)
    {
        if (zones.Count == 0)
        {
            throw new ArgumentException("at least one zone is needed", nameof(zones));
        }

        var current = attempts.Count > 0 && attempts[^1].State != AttemptState.Ended ? attempts[^1] : null;
        if (current is { Capacity: CapacityType.Spot, Zone: { } zone })
        {
            if (current.State == AttemptState.Running)
            {
                return new(zone, $"spot runs in {zone}");
            }

            if (now - current.CreatedAt < zoneWait)
            {
                return new(zone, $"spot in {zone} has waited {HumanDuration.Format(now - current.CreatedAt)} of {HumanDuration.Format(zoneWait)}",
                    ReevaluateAt: current.CreatedAt + zoneWait);
            }
        }

        var lastSpot = attempts.LastOrDefault(a => a is { Capacity: CapacityType.Spot, Zone: not null });
        var lastBad = zones.ToDictionary(z => z, _ => DateTimeOffset.MinValue);
        foreach (var attempt in attempts)
        {
            if (attempt is not { Capacity: CapacityType.Spot, Zone: { } z } || !lastBad.ContainsKey(z))
            {
                continue;
            }

            if (BadNewsAt(attempt, now, zoneWait) is { } at && at > lastBad[z])
            {
                lastBad[z] = at;
            }
        }

        // A zone where the last spot attempt ended well (suspended, switched to on-demand, succeeded) is worth staying in.
        if (lastSpot is { Zone: { } previous } && lastBad.TryGetValue(previous, out var previousBad) && lastSpot != current
            && BadNewsAt(lastSpot, now, zoneWait) is null)
        {
            return new(previous, $"spot in {previous} ended without trouble", Move: false);
        }

        // Rank by the mean time between losses seen in each zone (running time plus a prior, over losses plus one, as
        // the checkpoint interval estimates it); a zone with bad news within the cool-down goes last.
        var ranked = zones
            .OrderBy(z => now - lastBad[z] < Cooldown)
            .ThenByDescending(z => MeanTimeBetweenLosses(attempts, z, now))
            .ThenBy(z => IndexOf(zones, z))
            .ToList();
        var best = ranked[0];
        var why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{best} has the longest spot stretches seen ({HumanDuration.Format(MeanTimeBetweenLosses(attempts, best, now))} between losses)");
        var move = current is { Capacity: CapacityType.Spot, Zone: { } from } && from != best;
        return new(best, move ? $"leaving {current!.Zone}: {why}" : why, move);
    }

    /// <summary>Bad news in a zone keeps it out of the first choice this long (a reclaimed pool seldom refills at once).</summary>
    public static readonly TimeSpan Cooldown = TimeSpan.FromHours(1);

    /// <summary>Prior mean time between losses of an untried zone: the checkpoint interval's spot prior.</summary>
    public static readonly TimeSpan Prior = TimeSpan.FromHours(1.7);

    private static TimeSpan MeanTimeBetweenLosses(IReadOnlyList<AttemptObservation> attempts, string zone, DateTimeOffset now)
    {
        var running = TimeSpan.Zero;
        var losses = 0;
        foreach (var attempt in attempts)
        {
            if (attempt is not { Capacity: CapacityType.Spot } || attempt.Zone != zone || attempt.RunningSince is not { } since)
            {
                continue;
            }

            running += (attempt.EndedAt ?? now) - since;
            losses += attempt.EndReason == AttemptEndReason.Preempted ? 1 : 0;
        }

        return (running + Prior) / (losses + 1);
    }

    /// <summary>When an attempt told us its zone was bad: its preemption, or the end of a wait that never got an instance.</summary>
    private static DateTimeOffset? BadNewsAt(AttemptObservation attempt, DateTimeOffset now, TimeSpan zoneWait)
    {
        if (attempt.EndReason == AttemptEndReason.Preempted)
        {
            return attempt.EndedAt;
        }

        if (attempt.RunningSince is null)
        {
            var waitedUntil = attempt.EndedAt ?? now;
            return waitedUntil - attempt.CreatedAt >= zoneWait ? waitedUntil : null;
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<string> zones, string zone)
    {
        for (var i = 0; i < zones.Count; i++)
        {
            if (zones[i] == zone)
            {
                return i;
            }
        }

        return zones.Count;
    }
}
