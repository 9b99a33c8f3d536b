using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// S3 client settings. Everything null keeps the SDK's defaults (right for AWS). S3-compatible servers
/// such as s3rver need an endpoint, path-style addressing, checksums only when required and no
/// aws-chunked encoding (s3rver stores the chunk framing as data).
/// </summary>
public sealed record S3Settings
{
    public string? Endpoint { get; init; }

    public string? Region { get; init; }

    public bool? ForcePathStyle { get; init; }

    public S3ChecksumMode? ChecksumMode { get; init; }

    public bool? ChunkEncoding { get; init; }

    /// <summary>Explicit keys (from a Secret via AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); null uses the SDK's default chain (IRSA, profiles, instance roles).</summary>
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }
}
