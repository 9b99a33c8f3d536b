using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>Client settings for S3-compatible servers (MinIO, s3rver, Ceph). Real S3 keeps the SDK defaults.</summary>
public sealed class S3Options
{
    /// <summary>Service URL, for example <c>http://minio.storage:9000</c>.</summary>
    [JsonPropertyName("endpoint")]
    [MaxLength(2048)]
    [CelRule("self.matches('" + Patterns.HttpUrl + "')", "must be an http:// or https:// URL")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>Address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c>.</summary>
    [JsonPropertyName("forcePathStyle")]
    public bool? ForcePathStyle { get; set; }

    /// <summary>When the client computes and checks payload checksums. Default WhenSupported (the SDK's).</summary>
    [JsonPropertyName("checksumMode")]
    public S3ChecksumMode? ChecksumMode { get; set; }

    /// <summary>Use aws-chunked payload signing. Default true (the SDK's); servers that store the chunk framing need false.</summary>
    [JsonPropertyName("chunkEncoding")]
    public bool? ChunkEncoding { get; set; }
}
