namespace Orchestrator.Checkpoints.Storage;

/// <summary>Retries for transient failures: exponential backoff with jitter from an injectable random source.</summary>
public sealed record RetrySettings
{
    public int MaxRetries { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest server-asked wait (<c>Retry-After</c>) honoured before a retry; without the header, the backoff applies.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A source of uniform doubles in [0, 1) for jitter; null uses Polly's own.</summary>
    public Func<double>? Randomizer { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called before each retry with the attempt number and a redacted reason (tests and metrics).</summary>
    public Action<int, string>? OnRetry { get; init; }

    public static RetrySettings Default { get; } = new();
}
