namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Copies a GET body to the destination through one or two buffers: with two, the next chunk is read
/// from the network while the previous one is written. <see cref="Written"/> counts bytes the
/// destination accepted, so a failed read can be resumed from there; a failed write is final.
/// </summary>
internal sealed class StreamingCopy(Stream destination, long totalBytes, byte[] first, byte[]? second)
{
    public long Written { get; private set; }

    /// <summary>Reads <paramref name="body"/> until the object's end. <paramref name="readToken"/> is the attempt's, <paramref name="writeToken"/> the caller's.</summary>
    public async Task RunAsync(Stream body, CancellationToken readToken, CancellationToken writeToken)
    {
        var buffer = first;
        Task writing = Task.CompletedTask;
        var writingBytes = 0;
        try
        {
            while (true)
            {
                var want = (int)Math.Min(buffer.Length, totalBytes - Written - writingBytes);
                if (want == 0)
                {
                    break;
                }

                await ReadExactlyAsync(body, buffer.AsMemory(0, want), readToken);
                await writing;
                Written += writingBytes;
                writing = WriteAsync(buffer.AsMemory(0, want), writeToken);
                writingBytes = want;
                if (second is null)
                {
                    await writing;
                    Written += writingBytes;
                    writingBytes = 0;
                    writing = Task.CompletedTask;
                }
                else
                {
                    buffer = buffer == first ? second : first;
                }
            }
        }
        finally
        {
            // Whether the read failed or not, the retry (or the caller) must see every write settled.
            await writing;
            Written += writingBytes;
        }
    }

    private static async Task ReadExactlyAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await body.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                // The connection ended early: transient, resumed from the bytes written so far.
                throw new IOException($"short read: the body ended {buffer.Length - total} bytes early");
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
