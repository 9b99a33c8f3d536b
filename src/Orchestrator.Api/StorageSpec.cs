using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Api;

/// <summary>The object store or volume checkpoints are committed to.</summary>
public sealed class StorageSpec
{
    /// <summary><c>s3://bucket/prefix</c>, <c>azblob://account/container/prefix</c>, <c>https://account.blob.core.windows.net/container/prefix</c> or <c>file:///path</c>.</summary>
    [JsonPropertyName("uri")]
    public string Uri { get; set; } = "";

    /// <summary>A Secret in the run's namespace with credentials. Absent: the SDK's default chain (IRSA, workload identity).</summary>
    [JsonPropertyName("credentialsSecret")]
    public V1LocalObjectReference? CredentialsSecret { get; set; }

    /// <summary>Settings for S3-compatible servers; real S3 needs none.</summary>
    [JsonPropertyName("s3")]
    public S3Options? S3 { get; set; }
}
