using Polly;
using Polly.Retry;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>Builds the retry pipeline every store call runs through.</summary>
internal static class StoreRetry
{
    public static ResiliencePipeline Create(RetrySettings settings, Redactor redactor)
    {
        var options = new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e
                && !args.Context.CancellationToken.IsCancellationRequested
                && TransientFailures.IsTransient(e)),
            MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
            Delay = settings.BaseDelay,
            MaxDelay = settings.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            DelayGenerator = args => ValueTask.FromResult(
                RetryAfter.Of(args.Outcome.Exception) is { } wait ? (TimeSpan?)(wait < settings.MaxRetryAfter ? wait : settings.MaxRetryAfter) : null),
            OnRetry = args =>
            {
                settings.OnRetry?.Invoke(args.AttemptNumber + 1, redactor.Redact(args.Outcome.Exception?.Message));
                return ValueTask.CompletedTask;
            },
        };
        if (settings.Randomizer is { } random)
        {
            options.Randomizer = random;
        }

        if (settings.MaxRetries <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = settings.TimeProvider }.AddRetry(options).Build();
    }
}
