namespace Orchestrator.Kubernetes.Queue;

/// <summary>The result of <see cref="WorkQueue{TKey}.GetAsync"/>: a key to process, or the news that the queue has shut down.</summary>
/// <param name="ShutDown">True when there is nothing more to process; <paramref name="Key"/> is then default.</param>
/// <param name="Key">The key to process. Call <see cref="WorkQueue{TKey}.Done"/> with it when finished.</param>
public readonly record struct Dequeued<TKey>(bool ShutDown, TKey Key);
