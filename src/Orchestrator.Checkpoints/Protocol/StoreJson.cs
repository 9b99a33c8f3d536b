using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

internal static class StoreJson
{
    public static async Task<T?> TryGetAsync<T>(ICheckpointStore store, string key, CancellationToken cancellationToken)
        where T : class
    {
        using var buffer = new MemoryStream();
        try
        {
            await store.GetAsync(key, buffer, cancellationToken);
        }
        catch (CheckpointStorageException e) when (e.NotFound)
        {
            return null;
        }

        return ProtocolJson.Deserialize<T>(buffer.ToArray(), $"{store.Location}{key}");
    }

    public static async Task PutAsync<T>(ICheckpointStore store, string key, T value, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(ProtocolJson.Serialize(value), writable: false);
        await store.PutAsync(key, body, cancellationToken);
    }
}
