using System.Globalization;
using Amazon.Runtime.Internal;
using Azure;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// The server's own wait before a retry (<c>Retry-After</c>, in seconds), which throttling answers may carry (Azure
/// <c>503 ServerBusy</c>, S3-compatible servers and proxies with <c>503 SlowDown</c>): retrying sooner only adds to
/// the load that caused the throttling. Capped by <see cref="RetrySettings.MaxRetryAfter"/> so a bad header cannot
/// stall a save for its whole notice window.
/// </summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(Exception? e) => e switch
    {
        null => null,
        RequestFailedException r when r.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value) => Parse(value),
        HttpErrorResponseException h when h.Response?.GetHeaderValue("Retry-After") is { Length: > 0 } value => Parse(value),
        AggregateException a => a.InnerExceptions.Select(Of).FirstOrDefault(d => d is not null),
        _ => Of(e.InnerException),
    };

    private static TimeSpan? Parse(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
}
