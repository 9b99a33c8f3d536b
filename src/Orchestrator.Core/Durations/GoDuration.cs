using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Durations;

/// <summary>
/// Durations in Go's <c>time.ParseDuration</c> syntax, as Kubernetes users write them: <c>90s</c>,
/// <c>30m</c>, <c>1h30m</c>, <c>1.5h</c>, <c>500ms</c>, <c>-2m</c>, <c>0</c>. Units: ns, us (µs), ms, s, m, h.
/// There are no days: Go has none, and the API server's CEL <c>duration()</c> accepts the same strings.
/// Values are truncated to TimeSpan's 100 ns resolution.
/// </summary>
public static class GoDuration
{
    private const ulong NanosPerTick = 100;
    private const ulong MaxMagnitude = 1UL << 63;

    private static readonly (string Unit, ulong Nanos)[] Units =
    [
        ("ns", 1),
        ("us", 1_000),
        ("\u00b5s", 1_000),
        ("\u03bcs", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (!TryParseNanos(text, out var nanos))
        {
            return false;
        }

        value = TimeSpan.FromTicks(nanos / (long)NanosPerTick);
        return true;
    }

    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"invalid duration \"{text}\"");

    /// <summary>Formats as Go's <c>Duration.String</c> does: <c>1h30m0s</c>, <c>1m30.5s</c>, <c>500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            text.Append('-');
        }

        // UInt128 avoids overflow for TimeSpan.MinValue when taking the magnitude.
        var nanos = (UInt128)Int128.Abs(value.Ticks) * NanosPerTick;
        const ulong second = 1_000_000_000;
        if (nanos < second)
        {
            var small = (ulong)nanos;
            var (unit, size) = small switch
            {
                < 1_000 => ("ns", 1UL),
                < 1_000_000 => ("\u00b5s", 1_000UL),
                _ => ("ms", 1_000_000UL),
            };
            return text.Append(Fraction(nanos, size)).Append(unit).ToString();
        }

        var hours = nanos / (3600 * (UInt128)second);
        var minutes = nanos / (60 * (UInt128)second) % 60;
        var seconds = nanos % (60 * (UInt128)second);
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append(Fraction(seconds, second)).Append('s').ToString();
    }

    private static string Fraction(UInt128 nanos, ulong unit)
    {
        var whole = (nanos / unit).ToString(CultureInfo.InvariantCulture);
        var rest = nanos % unit;
        if (rest == 0)
        {
            return whole;
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole + "." + fraction;
    }

    // Follows Go's time.ParseDuration step by step, including its overflow checks.
    private static bool TryParseNanos(string? text, out long nanos)
    {
        nanos = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                return false;
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var whole))
            {
                return false;
            }

            var hasWhole = before != s.Length;
            ulong fraction = 0;
            double scale = 1;
            var hasFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                before = s.Length;
                LeadingFraction(ref s, out fraction, out scale);
                hasFraction = before != s.Length;
            }

            if (!hasWhole && !hasFraction)
            {
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0 || !TryUnit(s[..unitLength], out var unit))
            {
                return false;
            }

            s = s[unitLength..];
            if (whole > MaxMagnitude / unit)
            {
                return false;
            }

            var value = whole * unit;
            if (fraction > 0)
            {
                value += (ulong)(fraction * (unit / scale));
                if (value > MaxMagnitude)
                {
                    return false;
                }
            }

            total += value;
            if (total > MaxMagnitude)
            {
                return false;
            }
        }

        if (negative)
        {
            nanos = total == MaxMagnitude ? long.MinValue : -(long)total;
            return true;
        }

        if (total > long.MaxValue)
        {
            return false;
        }

        nanos = (long)total;
        return true;
    }

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > MaxMagnitude / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            if (value > MaxMagnitude)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    // Digits past what fits are consumed but ignored, as Go does.
    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (long.MaxValue - 9) / 10)
            {
                overflow = true;
                continue;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            scale *= 10;
        }

        s = s[i..];
    }

    private static bool TryUnit(ReadOnlySpan<char> text, out ulong nanos)
    {
        foreach (var (unit, size) in Units)
        {
            if (text.SequenceEqual(unit))
            {
                nanos = size;
                return true;
            }
        }

        nanos = 0;
        return false;
    }
}
