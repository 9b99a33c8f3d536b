using Orchestrator.Api;

namespace Orchestrator.Cli.Demo;

/// <summary>For redirected output (logs, CI): one timestamped line per moment, never a redraw.</summary>
internal sealed class PlainDemoView(TextWriter output) : IDemoView
{
    private readonly Lock _gate = new();

    public void Add(DemoLine line)
    {
        lock (_gate)
        {
            output.WriteLine(DemoText.Format(line));
            output.Flush();
        }
    }

    public void Show(TrainingRun run)
    {
        // Status changes arrive as lines; there is nothing to redraw.
    }

    public Task RunAsync(Func<Task> story) => story();
}
