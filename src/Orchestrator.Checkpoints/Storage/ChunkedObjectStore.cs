using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Polly;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// The transfer engine shared by the object stores. Uploads read the source once, sequentially, into
/// part buffers and send up to Parallelism parts at once, or (when the plan says so and the source can
/// be re-read for a retry) stream it in one request; downloads fetch up to Parallelism ranges at once
/// and write them in order, or stream one GET. Either way memory is bounded by the buffer pool.
/// Each request is retried on its own; errors leave as <see cref="CheckpointStorageException"/>.
/// </summary>
internal abstract class ChunkedObjectStore : ICheckpointStore
{
    private readonly BufferPool _buffers;
    private readonly ResiliencePipeline _retry;
    private readonly int _parallelism;
    private readonly TransferSettings _transfer;
    private TransferPlan? _plan;

    protected ChunkedObjectStore(string location, StoreSettings settings, ILogger logger)
    {
        settings.Transfer.Validate();
        Location = location;
        Redactor = new Redactor(settings.Secrets);
        Logger = logger;
        _parallelism = settings.Transfer.Parallelism;
        _transfer = settings.Transfer;
        _buffers = new BufferPool(settings.Transfer.PartSizeBytes, settings.Transfer.Parallelism);
        _retry = StoreRetry.Create(settings.Retry, Redactor);
    }

    public string Location { get; }

    protected Redactor Redactor { get; }

    protected ILogger Logger { get; }

    /// <summary>The settings resolved for this backend (resolved on first use: the profile needs the derived store's client).</summary>
    internal TransferPlan Plan => _plan ??= TransferPlan.For(Profile, _transfer);

    internal abstract StoreProfile Profile { get; }

    public async Task PutAsync(string key, Stream source, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        try
        {
            await PutCoreAsync(key, source, cancellationToken);
        }
        catch (Exception e) when (ShouldWrap(e, cancellationToken))
        {
            throw Wrap(e, "upload", key);
        }
    }

    public async Task GetAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        try
        {
            await GetCoreAsync(key, destination, cancellationToken);
        }
        catch (Exception e) when (ShouldWrap(e, cancellationToken))
        {
            throw Wrap(e, "download", key);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            (IReadOnlyList<StoredObject> Items, string? Next) page;
            try
            {
                var t = token;
                page = await _retry.ExecuteAsync(async ct => await ListPageAsync(prefix, t, ct), cancellationToken);
            }
            catch (Exception e) when (ShouldWrap(e, cancellationToken))
            {
                throw Wrap(e, "list", prefix);
            }

            foreach (var item in page.Items)
            {
                yield return item;
            }

            token = page.Next;
        }
        while (token is not null);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        try
        {
            await _retry.ExecuteAsync(async ct => await DeleteObjectAsync(key, ct), cancellationToken);
        }
        catch (Exception e) when (ShouldWrap(e, cancellationToken))
        {
            throw Wrap(e, "delete", key);
        }
    }

    public async Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(key);
        try
        {
            var info = await _retry.ExecuteAsync(async ct => await HeadAsync(key, ct), cancellationToken);
            return info?.SizeBytes;
        }
        catch (Exception e) when (ShouldWrap(e, cancellationToken))
        {
            throw Wrap(e, "stat", key);
        }
    }

    public void Dispose()
    {
        _buffers.Dispose();
        DisposeClient();
    }

    protected abstract Task PutSingleAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="body"/> (positioned at its start) as the whole object in one request.</summary>
    protected abstract Task PutStreamAsync(string key, Stream body, long length, CancellationToken cancellationToken);

    /// <summary>The body of a GET of <paramref name="length"/> bytes from <paramref name="offset"/> of the version <paramref name="etag"/>, to be read to its end.</summary>
    protected abstract Task<Stream> OpenReadAsync(string key, string? etag, long offset, long length, CancellationToken cancellationToken);

    protected abstract Task<IMultipartUpload> BeginMultipartAsync(string key, CancellationToken cancellationToken);

    /// <summary>Null when the object does not exist.</summary>
    protected abstract Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> of the version <paramref name="etag"/>.</summary>
    protected abstract Task GetRangeAsync(string key, string? etag, long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    protected abstract Task<(IReadOnlyList<StoredObject> Items, string? Next)> ListPageAsync(string prefix, string? continuation, CancellationToken cancellationToken);

    protected abstract Task DeleteObjectAsync(string key, CancellationToken cancellationToken);

    protected abstract void DisposeClient();

    protected static async Task ReadExactlyAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await ReadFullAsync(source, buffer, cancellationToken);
        if (read != buffer.Length)
        {
            // The connection ended early: a transient failure, the range is fetched again.
            throw new IOException($"short read: got {read} of {buffer.Length} bytes");
        }
    }

    private static async Task<int> ReadFullAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await source.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static long? RereadableLength(Stream source) => source.CanSeek ? source.Length - source.Position : null;

    private async Task PutCoreAsync(string key, Stream source, CancellationToken cancellationToken)
    {
        if (Plan.ChooseUpload(RereadableLength(source)) == UploadStrategy.SingleRequest)
        {
            var start = source.Position;
            var total = source.Length - start;
            await _retry.ExecuteAsync(
                async ct =>
                {
                    source.Position = start;
                    await PutStreamAsync(key, source, total, ct);
                },
                cancellationToken);
            return;
        }

        var first = await _buffers.RentAsync(cancellationToken);
        int length;
        try
        {
            length = await ReadFullAsync(source, first, cancellationToken);
        }
        catch
        {
            _buffers.Return(first);
            throw;
        }

        if (length < first.Length)
        {
            try
            {
                await _retry.ExecuteAsync(async ct => await PutSingleAsync(key, first.AsMemory(0, length), ct), cancellationToken);
            }
            finally
            {
                _buffers.Return(first);
            }

            return;
        }

        await PutMultipartAsync(key, source, first, cancellationToken);
    }

    private async Task PutMultipartAsync(string key, Stream source, byte[] first, CancellationToken cancellationToken)
    {
        IMultipartUpload upload;
        try
        {
            upload = await _retry.ExecuteAsync(async ct => await BeginMultipartAsync(key, ct), cancellationToken);
        }
        catch
        {
            _buffers.Return(first);
            throw;
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parts = new List<Task<string>>();
        try
        {
            var buffer = first;
            var length = buffer.Length;
            var partNumber = 1;
            while (true)
            {
                parts.Add(UploadPartAsync(upload, partNumber, buffer, length, failed));
                if (length < buffer.Length)
                {
                    break;
                }

                buffer = await _buffers.RentAsync(failed.Token);
                length = await ReadFullAsync(source, buffer, failed.Token);
                if (length == 0)
                {
                    _buffers.Return(buffer);
                    break;
                }

                if (++partNumber > TransferSettings.MaxParts)
                {
                    _buffers.Return(buffer);
                    throw new CheckpointStorageException(
                        $"upload {Location}{key}: more than {TransferSettings.MaxParts} parts of {_buffers.BufferSize} bytes; raise the part size (ORCH_TRANSFER_PART_SIZE_MIB)");
                }
            }

            var tokens = await Task.WhenAll(parts);
            await _retry.ExecuteAsync(async ct => await upload.CompleteAsync(tokens, ct), cancellationToken);
        }
        catch (Exception e)
        {
            await failed.CancelAsync();
            var cause = await FirstFailureAsync(parts) ?? e;
            await AbortQuietlyAsync(upload, key);
            if (cause == e)
            {
                throw;
            }

            throw cause;
        }
    }

    private async Task<string> UploadPartAsync(IMultipartUpload upload, int partNumber, byte[] buffer, int length, CancellationTokenSource failed)
    {
        try
        {
            return await _retry.ExecuteAsync(async ct => await upload.UploadPartAsync(partNumber, buffer.AsMemory(0, length), ct), failed.Token);
        }
        catch
        {
            // Stop the reader and the other parts at once rather than after they finish.
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private static async Task<Exception?> FirstFailureAsync(IEnumerable<Task> tasks)
    {
        Exception? cancelled = null;
        foreach (var t in tasks)
        {
            try
            {
                await t;
            }
            catch (OperationCanceledException oce)
            {
                cancelled ??= oce;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        return cancelled;
    }

    private async Task AbortQuietlyAsync(IMultipartUpload upload, string key)
    {
        try
        {
            // The caller may be cancelled; the abort is still worth a short try so parts do not linger.
            using var abortTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await upload.AbortAsync(abortTimeout.Token);
        }
        catch (Exception e)
        {
            Logger.AbortFailed(key, Location, Redactor.Redact(e.Message));
        }
    }

    private async Task GetCoreAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        var info = await _retry.ExecuteAsync(async ct => await HeadAsync(key, ct), cancellationToken)
            ?? throw new CheckpointStorageException($"download {Location}{key}: not found", 404, transient: false);
        if (Plan.ChooseDownload(info.SizeBytes) == DownloadStrategy.SingleStream)
        {
            await GetStreamingAsync(key, info, destination, cancellationToken);
        }
        else
        {
            await GetRangesAsync(key, info, destination, cancellationToken);
        }
    }

    private async Task GetStreamingAsync(string key, ObjectInfo info, Stream destination, CancellationToken cancellationToken)
    {
        if (info.SizeBytes == 0)
        {
            return;
        }

        var buffer = await _buffers.RentAsync(cancellationToken);
        var copy = new StreamingCopy(destination, info.SizeBytes, buffer);
        try
        {
            // Each attempt resumes at the first byte not yet written, pinned to the same version.
            await _retry.ExecuteAsync(
                async ct =>
                {
                    await using var body = await OpenReadAsync(key, info.ETag, copy.Written, info.SizeBytes - copy.Written, ct);
                    await copy.RunAsync(body, ct, cancellationToken);
                },
                cancellationToken);
        }
        catch (DestinationWriteException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerException!);
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    private async Task GetRangesAsync(string key, ObjectInfo info, Stream destination, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<(Task Fetch, byte[] Buffer, int Length)>();
        long next = 0;
        try
        {
            while (next < info.SizeBytes || pending.Count > 0)
            {
                // Block for a buffer only when nothing is in flight: two downloads sharing the pool
                // must never wait on each other while holding fetched parts.
                while (next < info.SizeBytes && pending.Count < _parallelism)
                {
                    byte[] buffer;
                    if (pending.Count == 0)
                    {
                        buffer = await _buffers.RentAsync(failed.Token);
                    }
                    else if (!_buffers.TryRent(out buffer))
                    {
                        break;
                    }

                    var length = (int)Math.Min(buffer.Length, info.SizeBytes - next);
                    var offset = next;
                    var fetch = FetchRangeAsync(key, info.ETag, offset, buffer.AsMemory(0, length), failed);
                    pending.Enqueue((fetch, buffer, length));
                    next += length;
                }

                var (task, buf, len) = pending.Peek();
                await task;
                pending.Dequeue();
                try
                {
                    await destination.WriteAsync(buf.AsMemory(0, len), failed.Token);
                }
                finally
                {
                    _buffers.Return(buf);
                }
            }
        }
        catch (Exception e)
        {
            await failed.CancelAsync();
            var cause = await FirstFailureAsync(pending.Select(p => p.Fetch)) ?? e;
            foreach (var p in pending)
            {
                _buffers.Return(p.Buffer);
            }

            if (cause is OperationCanceledException || cause == e)
            {
                throw;
            }

            throw cause;
        }
    }

    private async Task FetchRangeAsync(string key, string? etag, long offset, Memory<byte> buffer, CancellationTokenSource failed)
    {
        try
        {
            await _retry.ExecuteAsync(async ct => await GetRangeAsync(key, etag, offset, buffer, ct), failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private static bool ShouldWrap(Exception e, CancellationToken cancellationToken) =>
        e is not CheckpointStorageException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private CheckpointStorageException Wrap(Exception e, string operation, string key)
    {
        var status = TransientFailures.StatusOf(e);
        var transient = TransientFailures.IsTransient(e);
        var statusText = status is { } s ? $"HTTP {s}" : e.GetType().Name;
        var message = Redactor.Redact($"{operation} {Location}{key} failed ({statusText}{(transient ? ", retries exhausted" : "")}): {e.Message}");
        return new CheckpointStorageException(message, status, transient);
    }
}
