namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>One Azurite and one s3rver for every test that does not crash its server; each test uses its own prefix.</summary>
public sealed class SharedServers : IDisposable
{
    private readonly Lazy<AzuriteServer> _azurite = new(() => new AzuriteServer());
    private readonly Lazy<S3rverServer> _s3rver = new(() => new S3rverServer());

    public AzuriteServer Azurite => _azurite.Value;

    public S3rverServer S3rver => _s3rver.Value;

    public void Dispose()
    {
        if (_azurite.IsValueCreated)
        {
            _azurite.Value.Dispose();
        }

        if (_s3rver.IsValueCreated)
        {
            _s3rver.Value.Dispose();
        }
    }
}
