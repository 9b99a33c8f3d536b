namespace Orchestrator.Kubernetes.Events;

/// <summary>Settings of an <see cref="EventRecorder"/>.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>The <c>source.component</c> and <c>reportingComponent</c> of every event, e.g. "orchestrator-controller".</summary>
    public required string Component { get; init; }

    /// <summary>The <c>reportingInstance</c> (pod name); may be empty.</summary>
    public string Instance { get; init; } = "";

    /// <summary>Events waiting to be written; when full, new events are dropped (and counted) rather than block.</summary>
    public int BufferSize { get; init; } = 1000;

    /// <summary>A repeat (same object, type, reason and message) within this window bumps the existing event's count.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);
}
