using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>A named backend for table-driven tests: "file", "azurite" or "s3rver" (shared servers).</summary>
public sealed class Backend(string name, SharedServers servers) : IDisposable
{
    private readonly TempDir _files = new("store");

    public string Name => name;

    public StorageServer? Server => name switch
    {
        "azurite" => servers.Azurite,
        "s3rver" => servers.S3rver,
        _ => null,
    };

    public string UriFor(string prefix) => Server?.UriFor(prefix) ?? new Uri(Path.Combine(_files.Path, prefix)).AbsoluteUri;

    public StoreSettings Settings => Server?.Settings ?? new StoreSettings();

    public Task<ICheckpointStore> OpenAsync(string prefix, Func<StoreSettings, StoreSettings>? tweak = null) =>
        Server?.OpenAsync(prefix, tweak)
        ?? Task.FromResult(CheckpointStores.Open(UriFor(prefix), tweak is null ? Settings : tweak(Settings), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

    public void Dispose() => _files.Dispose();
}
