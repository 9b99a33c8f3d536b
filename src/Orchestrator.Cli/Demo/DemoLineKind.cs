namespace Orchestrator.Cli.Demo;

internal enum DemoLineKind
{
    /// <summary>What the demo itself does (submits, injects a preemption).</summary>
    Narration,

    /// <summary>A Normal Event the controller recorded on the run.</summary>
    Event,

    /// <summary>A Warning Event the controller recorded on the run.</summary>
    Warning,

    /// <summary>A change of the run's phase, attempt or capacity.</summary>
    Status,
}
