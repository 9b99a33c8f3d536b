namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>What <see cref="FaultProxy"/> does to one request, the way cloud storage fails.</summary>
internal abstract record StorageFault
{
    /// <summary>Answered at once by the proxy: S3's <c>503 SlowDown</c> or Azure's <c>503 ServerBusy</c>, optionally with Retry-After.</summary>
    public sealed record Throttle(string Flavor, int? RetryAfterSeconds = null) : StorageFault;

    /// <summary>Forwarded; the connection is reset after half the response body was sent.</summary>
    public sealed record ResetMidBody : StorageFault;

    /// <summary>Forwarded after a delay: a store this much slower than the emulator.</summary>
    public sealed record Slow(TimeSpan Delay) : StorageFault;
}
