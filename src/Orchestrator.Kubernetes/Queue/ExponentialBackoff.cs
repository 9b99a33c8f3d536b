namespace Orchestrator.Kubernetes.Queue;

/// <summary>
/// Exponential backoff with jitter: <c>initial * 2^(failures-1)</c>, capped at <c>max</c>, then spread by
/// up to <c>±jitter</c> of itself so that many clients failing together do not retry together.
/// </summary>
/// <param name="initial">Delay after the first failure.</param>
/// <param name="max">Upper bound before jitter.</param>
/// <param name="jitter">Fraction in [0, 1] of the delay to spread by; 0 gives exact powers of two.</param>
/// <param name="random">Returns a value in [0, 1); injected so tests are deterministic.</param>
public sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double> random)
{
    /// <summary>The controller default: 5 ms doubling to 5 minutes with 20 % jitter, as client-go's item limiter.</summary>
    public static ExponentialBackoff Default(Func<double>? random = null) =>
        new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), 0.2, random ?? Random.Shared.NextDouble);

    /// <summary>The delay before the next try after <paramref name="failures"/> consecutive failures (1 = first failure).</summary>
    public TimeSpan Delay(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Doubling past 2^30 overflows long ticks long before it matters: the cap applies first.
        var exponent = Math.Min(failures - 1, 30);
        var ticks = Math.Min((double)initial.Ticks * Math.Pow(2, exponent), max.Ticks);
        var spread = ticks * jitter * ((random() * 2) - 1);
        return TimeSpan.FromTicks((long)Math.Max(0, ticks + spread));
    }
}
