namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>
/// A stand-in for a flaky volume (the one fault the real file system here cannot produce on demand):
/// passes reads and writes through to a real stream, but the first read or write reaching
/// <c>failAt</c> bytes throws an IOException. Seeking is passed through when the inner stream seeks.
/// </summary>
internal sealed class FailingOnceStream(Stream inner, long failAt) : Stream
{
    public const string Message = "injected I/O failure";

    private bool _failed;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        FailIfDue(count);
        return inner.Read(buffer, offset, count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        FailIfDue(buffer.Length);
        return await inner.ReadAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        FailIfDue(count);
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        FailIfDue(buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void FailIfDue(int count)
    {
        if (!_failed && inner.Position + count > failAt)
        {
            _failed = true;
            throw new IOException(Message);
        }
    }
}
