using Orchestrator.Api;

namespace Orchestrator.Cli.Demo;

/// <summary>How the demo shows the story: a live redrawing view on a terminal, timestamped lines otherwise.</summary>
internal interface IDemoView
{
    void Add(DemoLine line);

    void Show(TrainingRun run);

    /// <summary>Runs <paramref name="story"/> while the view is on screen; returns once it ended and the view is closed.</summary>
    Task RunAsync(Func<Task> story);
}
