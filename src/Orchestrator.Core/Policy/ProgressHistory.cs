namespace Orchestrator.Core.Policy;

/// <summary>
/// Useful compute as a function of time, rebuilt from the attempt history the same way the controller estimates it
/// now: per attempt, running time minus one changeover, minus its lost work once it has ended.
/// </summary>
internal static class ProgressHistory
{
    public static TimeSpan At(IReadOnlyList<AttemptObservation> attempts, TimeSpan changeover, DateTimeOffset at)
    {
        var done = TimeSpan.Zero;
        foreach (var attempt in attempts)
        {
            if (attempt.RunningSince is not { } since || since >= at)
            {
                continue;
            }

            var end = attempt.EndedAt is { } ended && ended < at ? ended : at;
            var useful = end - since - changeover;
            if (attempt.EndedAt is { } e && e <= at)
            {
                useful -= attempt.LostWork ?? TimeSpan.Zero;
            }

            if (useful > TimeSpan.Zero)
            {
                done += useful;
            }
        }

        return done;
    }

    /// <summary>The instants where the slope of <see cref="At"/> can change, in [from, to], ascending.</summary>
    public static IReadOnlyList<DateTimeOffset> Breakpoints(IReadOnlyList<AttemptObservation> attempts, TimeSpan changeover, DateTimeOffset from, DateTimeOffset to)
    {
        var points = new SortedSet<DateTimeOffset> { from, to };
        foreach (var attempt in attempts)
        {
            if (attempt.RunningSince is { } since)
            {
                points.Add(since);
                points.Add(since + changeover);
            }

            if (attempt.EndedAt is { } ended)
            {
                points.Add(ended);
            }
        }

        return [.. points.Where(point => point >= from && point <= to)];
    }
}
