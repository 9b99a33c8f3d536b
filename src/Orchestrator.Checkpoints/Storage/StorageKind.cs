namespace Orchestrator.Checkpoints.Storage;

public enum StorageKind
{
    S3,
    AzureBlob,
    File,
}
