namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>One change seen by an <see cref="Informer{T}"/>: <c>Current</c> is null when the object vanished, and <c>Previous</c> is then its final state.</summary>
internal sealed record ObjectChange<T>(string Key, T? Previous, T? Current)
    where T : class;
