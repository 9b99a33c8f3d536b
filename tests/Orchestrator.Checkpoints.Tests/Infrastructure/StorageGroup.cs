namespace Orchestrator.Checkpoints.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class StorageGroup : ICollectionFixture<SharedServers>
{
    public const string Name = "storage";
}
