using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>Tuning of an <see cref="Informer{T}"/>. The defaults suit a controller against a real API server.</summary>
public sealed record InformerOptions
{
    /// <summary>Name used in logs, e.g. "pods".</summary>
    public string Name { get; init; } = "informer";

    /// <summary>Objects per list page (limit/continue), so a large cluster is not listed in one response.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Watches are opened for between this and twice this long (randomly), as client-go does, so a fleet of
    /// controllers does not reconnect in step.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Backoff between failed list or watch attempts; null = 800 ms doubling to 30 s with 20 % jitter.</summary>
    public ExponentialBackoff? Backoff { get; init; }
}
