namespace Orchestrator.Core.Policy;

/// <summary>
/// The arithmetic of the Uniform Progress policy (Wu et al., <i>Can't Be Late</i>, NSDI 2024): the run should have
/// completed <c>C·(t − t0)/(D − t0)</c> of its compute <c>C</c> at time <c>t</c>, for a deadline <c>D</c>.
/// </summary>
public static class UniformProgress
{
    public static TimeSpan Remaining(TimeSpan compute, TimeSpan done) => done >= compute ? TimeSpan.Zero : compute - done;

    /// <summary>Time left minus what finishing on a fresh on-demand instance needs (remaining compute + one changeover).</summary>
    public static TimeSpan Slack(DateTimeOffset deadline, TimeSpan compute, TimeSpan changeover, DateTimeOffset now, TimeSpan done) =>
        deadline - now - Remaining(compute, done) - changeover;

    /// <summary>Progress the uniform line asks for at <paramref name="now"/>.</summary>
    public static TimeSpan Target(DateTimeOffset start, DateTimeOffset deadline, TimeSpan compute, DateTimeOffset now)
    {
        var window = deadline - start;
        if (window <= TimeSpan.Zero || now >= deadline)
        {
            return compute;
        }

        var fraction = Math.Clamp((now - start) / window, 0, 1);
        return compute * fraction;
    }

    /// <summary>When an idle run (no progress) falls behind the line.</summary>
    public static DateTimeOffset BehindAt(DateTimeOffset start, DateTimeOffset deadline, TimeSpan compute, TimeSpan done)
    {
        if (compute <= TimeSpan.Zero)
        {
            return deadline;
        }

        var fraction = Math.Clamp(done / compute, 0, 1);
        return start + (deadline - start) * fraction;
    }

    /// <summary>When a run progressing at full speed is ahead of the line by <paramref name="margin"/>; null if never before the deadline.</summary>
    public static DateTimeOffset? AheadByAt(
        DateTimeOffset start, DateTimeOffset deadline, TimeSpan compute, DateTimeOffset now, TimeSpan done, TimeSpan margin)
    {
        var window = deadline - start;
        if (window <= TimeSpan.Zero)
        {
            return null;
        }

        var rate = compute / window;
        if (rate >= 1)
        {
            return null;
        }

        var ahead = done - Target(start, deadline, compute, now);
        if (ahead >= margin)
        {
            return now;
        }

        var at = now + (margin - ahead) / (1 - rate);
        return at < deadline ? at : null;
    }
}
