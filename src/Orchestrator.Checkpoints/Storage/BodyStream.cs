using System.Runtime.InteropServices;

namespace Orchestrator.Checkpoints.Storage;

internal static class BodyStream
{
    /// <summary>
    /// A request body over a pooled buffer. A publicly visible MemoryStream lets the SDKs send (and
    /// re-send on retry) the bytes without copying them in small chunks.
    /// </summary>
    public static MemoryStream Of(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(data.ToArray(), writable: false);
}
