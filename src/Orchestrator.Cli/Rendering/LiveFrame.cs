namespace Orchestrator.Cli.Rendering;

/// <summary>
/// Repaints a multi-line view in place on a terminal: move the cursor back up over the previous frame
/// and clear to the end of the screen, rather than clearing the whole screen, so the shell history
/// above the view stays put and the view does not flicker.
/// </summary>
public static class LiveFrame
{
    private const string Escape = "\u001b[";

    /// <summary>
    /// What to write to replace a frame that took <paramref name="previousRows"/> terminal rows with <paramref name="view"/>.
    /// A frame as tall as the terminal (<paramref name="height"/> rows, 0 when unknown) has partly scrolled away and the
    /// cursor cannot move up over it, so then the screen is cleared instead, as <c>watch</c> does.
    /// </summary>
    public static string Redraw(string view, int previousRows, int height = 0) => previousRows switch
    {
        <= 0 => view,
        _ when height > 0 && previousRows >= height => $"{Escape}2J{Escape}H{view}",
        _ => $"\r{Escape}{previousRows}A{Escape}J{view}",
    };

    /// <summary>
    /// Terminal rows <paramref name="view"/> occupies at <paramref name="width"/> columns: a line longer than the
    /// terminal wraps, and moving up by text lines alone would leave the top of the old frame behind.
    /// </summary>
    public static int Rows(string view, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var lines = view.Split('\n');
        // A view that ends in a newline leaves the cursor on a fresh row, which is not part of the frame.
        var count = view.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        var rows = 0;
        for (var i = 0; i < count; i++)
        {
            var length = lines[i].TrimEnd('\r').Length;
            rows += Math.Max(1, (length + width - 1) / width);
        }

        return rows;
    }
}
