using System.Net.Sockets;
using Amazon.Runtime;
using Azure;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Which failures are worth retrying: server errors (5xx), throttling (429), request timeouts (408),
/// lost or refused connections and client-side timeouts. Never authentication, authorization or
/// validation errors (other 4xx): retrying those only delays the error the user must fix.
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        DestinationWriteException => false,
        AggregateException a => a.InnerExceptions.Any(IsTransient),
        AmazonServiceException s when (int)s.StatusCode != 0 => IsTransientStatus((int)s.StatusCode),
        RequestFailedException r when r.Status != 0 => IsTransientStatus(r.Status),
        HttpRequestException h when h.StatusCode is { } code => IsTransientStatus((int)code),
        HttpRequestException => true,
        IOException or SocketException or TimeoutException => true,

        // Reached only when the caller's token is not cancelled (the retry policy checks): an SDK timeout.
        OperationCanceledException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    public static int? StatusOf(Exception e) => e switch
    {
        CheckpointStorageException c => c.StatusCode,
        AmazonServiceException s when (int)s.StatusCode != 0 => (int)s.StatusCode,
        RequestFailedException r when r.Status != 0 => r.Status,
        HttpRequestException { StatusCode: { } code } => (int)code,
        AggregateException a => a.InnerExceptions.Select(StatusOf).FirstOrDefault(s => s is not null),
        _ => e.InnerException is { } inner ? StatusOf(inner) : null,
    };

    private static bool IsTransientStatus(int status) => status >= 500 || status is 408 or 429;
}
