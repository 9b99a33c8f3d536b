using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// The Polly pipeline for single API calls (get, create, update, patch, delete): retries 5xx, 429, 408 and
/// timeouts with exponential jittered backoff, waiting at least a 429's Retry-After; never retries other 4xx
/// (a 404, 409 or 422 will not change by asking again). Not for watches, which run as long as the server allows,
/// nor around a whole reconcile, which the work queue already retries.
/// </summary>
/// <example><code>var pod = await pipeline.ExecuteAsync(ct =&gt; new ValueTask&lt;V1Pod&gt;(client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct)), token);</code></example>
public static class ApiResilience
{
    /// <summary>Builds the pipeline on <paramref name="time"/> with jitter from <paramref name="random"/> ([0, 1)); <paramref name="onRetry"/> is told of each retry (a metric, say).</summary>
    public static ResiliencePipeline Create(TimeProvider time, ApiResilienceOptions? options = null, Func<double>? random = null, Action? onRetry = null)
    {
        options ??= new ApiResilienceOptions();
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsRetryable),
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Exception is { } ex ? ApiErrors.RetryAfter(ex) : null;
                return ValueTask.FromResult(retryAfter is { } wait ? (TimeSpan?)(wait < options.MaxDelay ? wait : options.MaxDelay) : null);
            },
        };
        if (random is not null)
        {
            retry.Randomizer = random;
        }

        if (onRetry is not null)
        {
            retry.OnRetry = _ =>
            {
                onRetry();
                return ValueTask.CompletedTask;
            };
        }

        var builder = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry);
        if (options.AttemptTimeout > TimeSpan.Zero && options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(options.AttemptTimeout);
        }

        return builder.Build();
    }

    private static bool IsRetryable(Exception exception) =>
        exception is TimeoutRejectedException || ApiErrors.IsTransient(exception);
}
