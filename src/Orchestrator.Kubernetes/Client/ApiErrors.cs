using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Classifies API failures by HTTP status code (never by message text): HTTP errors from KubernetesClient
/// (<see cref="HttpOperationException"/>) and watch ERROR events (<see cref="KubernetesException"/>).
/// </summary>
public static class ApiErrors
{
    /// <summary>The HTTP status code the API server answered with, or null when the failure was not an API answer.</summary>
    public static HttpStatusCode? StatusCode(Exception exception) => exception switch
    {
        HttpOperationException { Response: { } response } => response.StatusCode,
        KubernetesException { Status.Code: { } code } => (HttpStatusCode)code,
        _ => null,
    };

    /// <summary>404: the object (or its namespace) does not exist.</summary>
    public static bool IsNotFound(Exception exception) => StatusCode(exception) == HttpStatusCode.NotFound;

    /// <summary>409: on update, a stale resourceVersion; on create, the name is taken (AlreadyExists).</summary>
    public static bool IsConflict(Exception exception) => StatusCode(exception) == HttpStatusCode.Conflict;

    /// <summary>410: the resourceVersion or continue token is too old; list again.</summary>
    public static bool IsGone(Exception exception) => StatusCode(exception) == HttpStatusCode.Gone;

    /// <summary>
    /// Worth retrying unchanged: 429, 5xx, 408, a timeout, or a connection failure with no answer at all.
    /// Other 4xx are the caller's mistake and retrying them changes nothing.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        var code = StatusCode(exception);
        if (code is { } status)
        {
            return status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
        }

        return exception is HttpRequestException or TimeoutException or IOException or SocketException
            || (exception is TaskCanceledException { InnerException: TimeoutException });
    }

    /// <summary>The server's own words: the Status message of the answer (e.g. <c>Job.batch "x" is invalid: ...</c>), else the exception's.</summary>
    public static string Message(Exception exception)
    {
        if (exception is KubernetesException { Status.Message: { Length: > 0 } statusMessage })
        {
            return statusMessage;
        }

        if (exception is HttpOperationException { Response.Content: { Length: > 0 } content })
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(content);
                if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // Not a Status: the body itself is the best description there is.
            }

            return content;
        }

        return exception.Message;
    }

    /// <summary>The server's Retry-After on a 429 or 503, if it sent one.</summary>
    public static TimeSpan? RetryAfter(Exception exception)
    {
        if (exception is not HttpOperationException { Response: { } response })
        {
            return null;
        }

        if (response.Headers is { } headers
            && headers.TryGetValue("Retry-After", out var values)
            && values.FirstOrDefault() is { } value
            && int.TryParse(value, out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
