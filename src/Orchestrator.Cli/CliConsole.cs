namespace Orchestrator.Cli;

/// <summary>
/// Where a command writes. Machine output (JSON, YAML, tables) goes to <see cref="Out"/>; progress,
/// hints and errors to <see cref="Error"/>, so <c>trainctl list -o json | jq</c> always parses.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, int width = 120, bool interactive = false)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Terminal width used for live views and wrapping.</summary>
    public int Width { get; } = width;

    /// <summary>True when stdout is a terminal a live view may redraw.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole FromSystemConsole()
    {
        var interactive = !Console.IsOutputRedirected;
        var width = interactive ? Math.Max(Console.WindowWidth, 80) : 120;
        return new CliConsole(Console.Out, Console.Error, width, interactive);
    }
}
