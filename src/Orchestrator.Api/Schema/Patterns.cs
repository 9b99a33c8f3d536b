namespace Orchestrator.Api.Schema;

/// <summary>Regular expressions shared by the CRD schema and Core validation.</summary>
public static class Patterns
{
    /// <summary>An RFC 1123 label: what Kubernetes accepts for a LocalQueue or container name.</summary>
    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A Go duration without sign: one or more number+unit pairs (<c>90s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>500ms</c>).</summary>
    public const string Duration = "^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$";

    /// <summary>A Go duration or the word <c>auto</c>.</summary>
    public const string DurationOrAuto = "^(auto|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";

    /// <summary>What Kubernetes accepts as a resource quantity (<c>1</c>, <c>500m</c>, <c>16Gi</c>), as controller-gen emits it.</summary>
    public const string Quantity = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    /// <summary>The storage schemes the checkpoint stores implement.</summary>
    public const string StorageUri = "^(s3|azblob|https|file)://";

    /// <summary>An http or https endpoint URL.</summary>
    public const string HttpUrl = "^https?://[^\\s/]+";
}
