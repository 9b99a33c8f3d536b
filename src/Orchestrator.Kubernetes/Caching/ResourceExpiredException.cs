namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// The API server no longer has the requested resourceVersion (HTTP 410 Gone, or a watch ERROR event with
/// code 410): the caller must list again from scratch.
/// </summary>
public sealed class ResourceExpiredException : Exception
{
    public ResourceExpiredException()
    {
    }

    public ResourceExpiredException(string message)
        : base(message)
    {
    }

    public ResourceExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
