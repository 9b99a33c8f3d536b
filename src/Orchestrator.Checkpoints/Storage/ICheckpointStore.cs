namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// A flat key space under one storage location (a bucket prefix, a container prefix or a folder).
/// Keys use '/' separators and are relative to the location the store was opened on.
/// </summary>
public interface ICheckpointStore : IDisposable
{
    /// <summary>The location for humans and status: never carries credentials.</summary>
    string Location { get; }

    /// <summary>Writes <paramref name="key"/> from <paramref name="source"/>, read once, sequentially, to its end.</summary>
    Task PutAsync(string key, Stream source, CancellationToken cancellationToken);

    /// <summary>Writes the whole object to <paramref name="destination"/> sequentially. Throws <see cref="CheckpointStorageException"/> with <see cref="CheckpointStorageException.NotFound"/> when it is missing.</summary>
    Task GetAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes the object; a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The object's size, or null when it does not exist.</summary>
    Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken);
}
