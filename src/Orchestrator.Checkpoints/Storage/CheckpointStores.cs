using Microsoft.Extensions.Logging;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>Opens the store a URI names.</summary>
public static class CheckpointStores
{
    public static ICheckpointStore Open(string uri, StoreSettings settings, ILogger logger) =>
        Open(StorageUri.Parse(uri), settings, logger);

    public static ICheckpointStore Open(StorageUri uri, StoreSettings settings, ILogger logger) => uri.Kind switch
    {
        StorageKind.S3 => new S3CheckpointStore(uri, settings, logger),
        StorageKind.AzureBlob => new AzureBlobCheckpointStore(uri, settings, logger),
        _ => new FileCheckpointStore(uri),
    };

    /// <summary>Creates the bucket or container if it does not exist (local use, tests, the benchmark).</summary>
    public static async Task EnsureExistsAsync(ICheckpointStore store, CancellationToken cancellationToken)
    {
        switch (store)
        {
            case S3CheckpointStore s3:
                await s3.EnsureBucketAsync(cancellationToken);
                break;
            case AzureBlobCheckpointStore blob:
                await blob.EnsureContainerAsync(cancellationToken);
                break;
        }
    }
}
