using System.Collections.Concurrent;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// A fixed number of part-sized buffers shared by all transfers of one store: renting one is what
/// bounds both memory and the parts in flight.
/// </summary>
internal sealed class BufferPool(int bufferSize, int count) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(count, count);
    private readonly ConcurrentBag<byte[]> _free = [];

    public int BufferSize => bufferSize;

    public int Count => count;

    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return Take();
    }

    public bool TryRent(out byte[] buffer)
    {
        if (_slots.Wait(0))
        {
            buffer = Take();
            return true;
        }

        buffer = [];
        return false;
    }

    public void Return(byte[] buffer)
    {
        _free.Add(buffer);
        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();

    private byte[] Take() => _free.TryTake(out var b) ? b : GC.AllocateUninitializedArray<byte>(bufferSize);
}
