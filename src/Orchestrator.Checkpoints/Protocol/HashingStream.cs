using System.IO.Hashing;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Passes bytes through (reading from an inner source, or writing to an inner destination) and hashes
/// them on the way (XXH128), so a file is checksummed by the same single pass that transfers it.
/// Reading from a seekable source it can be rewound to its start (the hash starts over), so a store
/// may stream it in one request and still retry that request.
/// </summary>
internal sealed class HashingStream(Stream inner, bool writing) : Stream
{
    private readonly XxHash128 _hash = new();
    private readonly long _start = !writing && inner.CanSeek ? inner.Position : 0;

    public long BytesSeen { get; private set; }

    public override bool CanRead => !writing;

    public override bool CanSeek => !writing && inner.CanSeek;

    public override bool CanWrite => writing;

    public override long Length => CanSeek ? inner.Length - _start : throw new NotSupportedException();

    /// <summary>Only rewinding to 0 (or staying put) is supported: anything else would leave the hash describing other bytes.</summary>
    public override long Position
    {
        get => BytesSeen;
        set
        {
            if (value == BytesSeen && CanSeek)
            {
                return;
            }

            if (value != 0 || !CanSeek)
            {
                throw new NotSupportedException("a hashing stream can only be rewound to its start");
            }

            inner.Position = _start;
            _hash.Reset();
            BytesSeen = 0;
        }
    }

    public string HashHex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Seen(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Seen(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Seen(buffer);
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Seen(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => BytesSeen + offset,
            _ => Length + offset,
        };
        return BytesSeen;
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Seen(ReadOnlySpan<byte> data)
    {
        _hash.Append(data);
        BytesSeen += data.Length;
    }
}
