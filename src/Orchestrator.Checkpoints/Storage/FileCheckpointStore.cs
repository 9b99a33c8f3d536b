using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// A local or shared volume. A file appears under its final name only when complete: it is written
/// to a temporary name in the same folder, flushed to disk, then renamed over the target.
/// </summary>
internal sealed class FileCheckpointStore(StorageUri uri) : ICheckpointStore
{
    private const string TempMarker = ".orchtmp-";
    private const int CopyBufferBytes = 1024 * 1024;

    private readonly string _root = uri.LocalPath;

    public string Location { get; } = uri.Display.EndsWith('/') ? uri.Display : uri.Display + "/";

    public async Task PutAsync(string key, Stream source, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + TempMarker + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await CopyOverlappedAsync(source, target, cancellationToken);
                target.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            TryDelete(temp);
            throw new CheckpointStorageException($"upload {Location}{key} failed: {e.Message}", null, transient: e is IOException);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public async Task GetAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        FileStream source;
        try
        {
            source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointStorageException($"download {Location}{key}: not found", 404, transient: false);
        }

        await using (source)
        {
            await CopySequentialAsync(source, destination, cancellationToken);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        // Walk only the folder the prefix names, then filter on the rest of the prefix.
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var files = new List<StoredObject>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace('\\', '/');
            if (key.Contains(TempMarker, StringComparison.Ordinal) || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            long size;
            try
            {
                size = new FileInfo(file).Length;
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            files.Add(new StoredObject(key, size));
        }

        foreach (var f in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            yield return f;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }

        // Leave no empty folders behind, so a deleted checkpoint leaves nothing to list or walk.
        var dir = Path.GetDirectoryName(path);
        while (dir is not null && dir.Length > _root.Length && dir.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
                break;
            }

            dir = Path.GetDirectoryName(dir);
        }

        return Task.CompletedTask;
    }

    public Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public void Dispose()
    {
    }

    // Uploads: two buffers, the next read (which the caller's stream hashes) runs while the current
    // chunk is written. Downloads: one buffer, read then write; there the hash is on the write side,
    // so overlapping bought nothing but thread-pool hops (1 GiB restores measured 0.1-0.5 of a plain
    // copy overlapped, 1.9 sequential, on the loaded 2-core machine).
    private static async Task CopyOverlappedAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        var next = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            var read = source.ReadAsync(current.AsMemory(0, CopyBufferBytes), cancellationToken);
            while (true)
            {
                var n = await read;
                if (n == 0)
                {
                    break;
                }

                read = source.ReadAsync(next.AsMemory(0, CopyBufferBytes), cancellationToken);
                await destination.WriteAsync(current.AsMemory(0, n), cancellationToken);
                (current, next) = (next, current);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task CopySequentialAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private string PathOf(string key)
    {
        StoreKeys.Validate(key);
        return Path.Combine(_root, key);
    }
}
