using System.Globalization;

namespace Orchestrator.Cli.Rendering;

/// <summary>Ages and durations the way kubectl prints them (<c>45s</c>, <c>3m20s</c>, <c>5h</c>, <c>2d3h</c>).</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        var seconds = (long)d.TotalSeconds;
        var minutes = (long)d.TotalMinutes;
        var hours = (long)d.TotalHours;
        var days = (long)d.TotalDays;
        return seconds switch
        {
            < 120 => Invariant($"{seconds}s"),
            < 600 when seconds % 60 == 0 => Invariant($"{minutes}m"),
            < 600 => Invariant($"{minutes}m{seconds % 60}s"),
            < 3 * 3600 => Invariant($"{minutes}m"),
            < 8 * 3600 when minutes % 60 == 0 => Invariant($"{hours}h"),
            < 8 * 3600 => Invariant($"{hours}h{minutes % 60}m"),
            < 48 * 3600 => Invariant($"{hours}h"),
            < 8 * 86400 when hours % 24 == 0 => Invariant($"{days}d"),
            < 8 * 86400 => Invariant($"{days}d{hours % 24}h"),
            _ => Invariant($"{days}d"),
        };
    }

    public static string Age(DateTimeOffset? since, DateTimeOffset now) =>
        since is null ? "<unknown>" : Format(now - since.Value);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
