namespace Orchestrator.Core.Policy;

/// <summary>
/// The randomized part of ROSS for one run: when the warm-up ended (ξ₁, the first instant the time left over the
/// compute left fell to the critical ratio (1 + 2√K)/(1 + √K)), and the on-demand interval drawn after it:
/// δ = remaining(ξ₁)/(1 + √K) long, starting uniformly in [ξ₁, ξ₁ + slack(ξ₁)].
/// Rebuilt from the attempt history and the run's seed at every call, so it never needs to be stored.
/// </summary>
public sealed record RossSchedule(DateTimeOffset WarmUpEnd, TimeSpan RemainingAtWarmUpEnd, DateTimeOffset InjectionStart, TimeSpan Injection)
{
    public DateTimeOffset InjectionEnd => InjectionStart + Injection;

    public static double CriticalRatio(double priceRatio)
    {
        var root = Math.Sqrt(Math.Max(1, priceRatio));
        return (1 + (2 * root)) / (1 + root);
    }

    /// <summary>Null while the run is still warming up at <see cref="PolicyInput.Now"/>.</summary>
    internal static RossSchedule? Of(PolicyInput input, DeadlineTerms terms)
    {
        var options = input.Options;
        var critical = CriticalRatio(options.PriceRatio);
        if (FindWarmUpEnd(input, terms, critical) is not { } end)
        {
            return null;
        }

        var remaining = UniformProgress.Remaining(terms.Compute, ProgressAt(input, end));
        var injection = remaining / (1 + Math.Sqrt(Math.Max(1, options.PriceRatio)));
        var slack = UniformProgress.Slack(terms.Deadline, terms.Compute, options.ChangeoverDelay, end, terms.Compute - remaining);
        var window = slack > TimeSpan.Zero ? slack : TimeSpan.Zero;
        var start = end + (window * RunSeed.Draw(options.Seed, 0));
        return new RossSchedule(end, remaining, start, injection);
    }

    private static TimeSpan ProgressAt(PolicyInput input, DateTimeOffset at) =>
        at >= input.Now ? input.ComputeDone : ProgressHistory.At(input.Attempts, input.Options.ChangeoverDelay, at);

    /// <summary>
    /// The first instant the ratio (time left − changeover)/(compute left) is at most <paramref name="critical"/>. The
    /// ratio only falls while the run makes no progress (and when an end throws work away), so it is enough to look at
    /// the start of every piece of the history and, in idle pieces, at the instant it crosses.
    /// </summary>
    private static DateTimeOffset? FindWarmUpEnd(PolicyInput input, DeadlineTerms terms, double critical)
    {
        var changeover = input.Options.ChangeoverDelay;
        var points = ProgressHistory.Breakpoints(input.Attempts, changeover, input.RunStartedAt, input.Now);
        for (var i = 0; i < points.Count; i++)
        {
            var at = points[i];
            var remaining = UniformProgress.Remaining(terms.Compute, ProgressAt(input, at));
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            if ((terms.Deadline - at - changeover) / remaining <= critical)
            {
                return at;
            }

            var next = i + 1 < points.Count ? points[i + 1] : at;
            if (next > at && ProgressAt(input, next) <= ProgressAt(input, at))
            {
                var crossing = terms.Deadline - changeover - (remaining * critical);
                if (crossing >= at && crossing <= next)
                {
                    return crossing;
                }
            }
        }

        return null;
    }
}
