using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;
using k8s.Models;

namespace Orchestrator.Api;

/// <summary>The object store or volume checkpoints are committed to.</summary>
[CelRule("!has(self.s3) || self.uri.startsWith('s3://')", "s3 options apply only to s3:// storage", FieldPath = ".s3")]
public sealed class StorageSpec
{
    /// <summary><c>s3://bucket/prefix</c>, <c>azblob://account/container/prefix</c>, <c>https://account.blob.core.windows.net/container/prefix</c> or <c>file:///path</c>. Immutable.</summary>
    [JsonPropertyName("uri")]
    [Required]
    [MaxLength(2048)]
    [CelRule("self.matches('" + Patterns.StorageUri + "')", "unsupported scheme (use s3, azblob, https or file)")]
    [CelRule("self == oldSelf", "is immutable: the run's checkpoints live under it (changed, the next attempt would start from step 0 and the old ones would be orphaned); create a new run for other storage")]
    public string Uri { get; set; } = "";

    /// <summary>A Secret in the run's namespace with credentials. Absent: the SDK's default chain (IRSA, workload identity).</summary>
    [JsonPropertyName("credentialsSecret")]
    public V1LocalObjectReference? CredentialsSecret { get; set; }

    /// <summary>Settings for S3-compatible servers; real S3 needs none.</summary>
    [JsonPropertyName("s3")]
    public S3Options? S3 { get; set; }
}
