namespace Orchestrator.Cli.Demo;

/// <summary>Where the demo's checkpoints go.</summary>
public enum DemoStorage
{
    /// <summary>A folder in the demo's temp folder (<c>file://</c>): needs nothing installed.</summary>
    File,

    /// <summary>Azurite, the Azure Blob emulator, from tests/storage-servers (<c>npm ci</c> there first).</summary>
    Azurite,

    /// <summary>s3rver, an S3 emulator, from tests/storage-servers (<c>npm ci</c> there first).</summary>
    S3rver,
}
