namespace Orchestrator.Kubernetes.Client;

/// <summary>Retry settings of <see cref="ApiResilience"/>.</summary>
public sealed record ApiResilienceOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Base delay of the exponential, jittered backoff.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts, including a server's Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one attempt; a slower attempt counts as a transient failure. <see cref="Timeout.InfiniteTimeSpan"/> (or zero) adds none.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
