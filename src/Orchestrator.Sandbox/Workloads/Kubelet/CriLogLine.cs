using System.Globalization;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// One line of a container log in the CRI format (<c>&lt;RFC 3339 nano time&gt; &lt;stdout|stderr&gt; &lt;F|P&gt; &lt;text&gt;</c>),
/// the format the kubelet serves <c>pods/log</c> from: the time is what <c>timestamps</c> and <c>sinceSeconds</c> use.
/// </summary>
public readonly record struct CriLogLine(DateTimeOffset Time, string Stream, string Text)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'";

    public static string Format(DateTimeOffset time, string stream, string text) =>
        $"{time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} {stream} F {text}";

    /// <summary>A line as written by <see cref="Format"/>; any other line is taken as text with no time.</summary>
    public static CriLogLine Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length >= 3 && TryParseTime(parts[0], out var time))
        {
            return new CriLogLine(time, parts[1], parts.Length == 4 ? parts[3] : "");
        }

        return new CriLogLine(DateTimeOffset.MinValue, "stdout", line);
    }

    /// <summary>An RFC 3339 time, with up to nine fractional digits as Go writes them (beyond .NET's seven).</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        if (DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var zone = text.IndexOfAny(['Z', '+'], Math.Max(dot, 0));
        var trimmed = dot > 0 && zone > dot + 8 ? text[..(dot + 8)] + text[zone..] : text;
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>The time as the API server prints it before a line with <c>timestamps=true</c> (RFC 3339 with nanoseconds).</summary>
    public string TimeText => Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
