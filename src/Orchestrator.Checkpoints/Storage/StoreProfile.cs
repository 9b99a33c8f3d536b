namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// What kind of server an object store talks to: the transfer defaults differ (docs/checkpointing.md,
/// "Performance"). Cloud services scale with parallel requests; the S3-compatible and Azure-compatible
/// servers measured here (s3rver, Azurite) are single-threaded and favour single streams.
/// </summary>
internal enum StoreProfile
{
    /// <summary>AWS S3 (no endpoint, or an *.amazonaws.com endpoint).</summary>
    AmazonS3,

    /// <summary>Any other S3 endpoint (s3rver, MinIO, Ceph...).</summary>
    S3Compatible,

    /// <summary>Azure Blob Storage (*.blob.core.windows.net and the sovereign clouds).</summary>
    AzureBlob,

    /// <summary>Any other Blob endpoint (Azurite, Azure Stack, custom domains).</summary>
    AzureBlobCustomEndpoint,
}
