namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Copies a GET body to the destination in 1 MiB chunks through two slices of one part buffer: the
/// next chunk is read from the network while the previous one is written. Small chunks keep the
/// server sending (a 16 MiB write let the socket fill and the server stall; Azurite measured 2x slower).
/// <see cref="Written"/> counts bytes the destination accepted, so a failed read can be resumed from
/// there; a failed write is final.
/// </summary>
internal sealed class StreamingCopy(Stream destination, long totalBytes, byte[] buffer)
{
    private const int ChunkBytes = 1024 * 1024;

    public long Written { get; private set; }

    /// <summary>Reads <paramref name="body"/> until the object's end. <paramref name="readToken"/> is the attempt's, <paramref name="writeToken"/> the caller's.</summary>
    public async Task RunAsync(Stream body, CancellationToken readToken, CancellationToken writeToken)
    {
        var chunk = Math.Min(ChunkBytes, buffer.Length / 2);
        Memory<byte>[] slices = [buffer.AsMemory(0, chunk), buffer.AsMemory(chunk, chunk)];
        var slice = 0;
        var writing = Task.CompletedTask;
        var writingBytes = 0;
        try
        {
            while (true)
            {
                var want = (int)Math.Min(chunk, totalBytes - Written - writingBytes);
                if (want == 0)
                {
                    break;
                }

                var target = slices[slice][..want];
                await ReadExactlyAsync(body, target, readToken);
                await writing;
                Written += writingBytes;
                writing = WriteAsync(target, writeToken);
                writingBytes = want;
                slice ^= 1;
            }
        }
        finally
        {
            // Whether the read failed or not, the retry (or the caller) must see every write settled.
            await writing;
            Written += writingBytes;
        }
    }

    private static async Task ReadExactlyAsync(Stream body, Memory<byte> target, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < target.Length)
        {
            var n = await body.ReadAsync(target[total..], cancellationToken);
            if (n == 0)
            {
                // The connection ended early: transient, resumed from the bytes written so far.
                throw new IOException($"short read: the body ended {target.Length - total} bytes early");
            }

            total += n;
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await destination.WriteAsync(data, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new DestinationWriteException(e);
        }
    }
}
