using Orchestrator.Api;
using Orchestrator.Cli.Rendering;
using Spectre.Console;

namespace Orchestrator.Cli.Demo;

/// <summary>
/// On a terminal: the run's status (as <c>trainctl status</c> shows it) redrawn in place above a scrolling log
/// of the newest story lines.
/// </summary>
internal sealed class LiveDemoView(CliConsole console, Func<DateTimeOffset> clusterNow) : IDemoView
{
    private const int LogLines = 14;
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);
    private readonly Lock _gate = new();
    private readonly List<DemoLine> _lines = [];
    private TrainingRun? _run;

    public void Add(DemoLine line)
    {
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    public void Show(TrainingRun run)
    {
        lock (_gate)
        {
            _run = run;
        }
    }

    public async Task RunAsync(Func<Task> story)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Interactive = InteractionSupport.Yes,
        });
        ansi.Profile.Width = console.Width;
        await ansi.Live(Build())
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(async ctx =>
            {
                var running = story();
                while (!running.IsCompleted)
                {
                    ctx.UpdateTarget(Build());
                    ctx.Refresh();
                    await Task.WhenAny(running, Task.Delay(Redraw));
                }

                ctx.UpdateTarget(Build());
                ctx.Refresh();
                await running;
            });
    }

    private Rows Build()
    {
        lock (_gate)
        {
            var status = _run is null ? "Submitting..." : StatusView.Render(_run, clusterNow()).TrimEnd();
            var log = _lines.Skip(Math.Max(0, _lines.Count - LogLines)).Select(Line).ToList();
            return new Rows(
                new Panel(new Text(status)) { Header = new PanelHeader($" {DemoOptions.Namespace}/{DemoOptions.RunName} "), Expand = true },
                new Rows(log));
        }
    }

    private static Text Line(DemoLine line) => new(DemoText.Format(line), line.Kind switch
    {
        DemoLineKind.Narration => new Style(Color.Aqua, decoration: Decoration.Bold),
        DemoLineKind.Warning => new Style(Color.Yellow),
        DemoLineKind.Status => new Style(Color.Green),
        _ => Style.Plain,
    });
}
