using System.Globalization;

namespace Orchestrator.Cli.Rendering;

/// <summary><c>[########------------]</c> and <c>123/400 31%</c>: plain ASCII, so it survives pipes, logs and any terminal font.</summary>
public static class ProgressBar
{
    public const int DefaultWidth = 20;

    public static string Render(long step, long total, int width = DefaultWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        // Floor, so the bar is only full when the run really is at its last step.
        var filled = (int)Math.Floor(Fraction(step, total) * width);
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }

    /// <summary><c>123/400 31%</c> for the list table's PROGRESS column.</summary>
    public static string Compact(long step, long total) =>
        step.ToString(CultureInfo.InvariantCulture) + "/" + total.ToString(CultureInfo.InvariantCulture) + " " + Percent(step, total);

    /// <summary>Rounded like every other percentage we print, except that 399/400 reads 99%, not a finished-looking 100%.</summary>
    public static string Percent(long step, long total)
    {
        var percent = Math.Round(Fraction(step, total) * 100, MidpointRounding.AwayFromZero);
        if (step < total)
        {
            percent = Math.Min(percent, 99);
        }

        return percent.ToString("0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>Steps done as a fraction in [0, 1]; a trainer that overshoots its total counts as done.</summary>
    private static double Fraction(long step, long total) => Math.Clamp((double)step / total, 0, 1);
}
