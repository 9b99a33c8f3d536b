namespace Orchestrator.Cli;

/// <summary>
/// Where a command writes. Machine output (JSON, YAML, tables) goes to <see cref="Out"/>; progress,
/// hints and errors to <see cref="Error"/>, so <c>trainctl list -o json | jq</c> always parses.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, int width = 120, bool interactive = false, int height = 0)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Terminal width used for live views and wrapping.</summary>
    public int Width { get; } = width;

    /// <summary>Terminal rows, or 0 when unknown (not a terminal).</summary>
    public int Height { get; } = height;

    /// <summary>True when stdout is a terminal a live view may redraw.</summary>
    public bool Interactive { get; } = interactive;

    public static CliConsole FromSystemConsole()
    {
        var interactive = !Console.IsOutputRedirected;
        var width = interactive ? Math.Max(Console.WindowWidth, 80) : 120;
        var height = interactive ? Math.Max(Console.WindowHeight, 0) : 0;
        return new CliConsole(Console.Out, Console.Error, width, interactive, height);
    }
}
