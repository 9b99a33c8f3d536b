using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Policy;

/// <summary>Durations in the Go-like form users write in specs (<c>1h30m</c>, <c>45s</c>), for reasons and events.</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Negate());
        }

        var total = (long)Math.Round(value.TotalSeconds);
        if (total == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, total / 3600, 'h');
        Append(text, total % 3600 / 60, 'm');
        Append(text, total % 60, 's');
        return text.ToString();
    }

    private static void Append(StringBuilder text, long amount, char unit)
    {
        if (amount > 0)
        {
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
