using System.Threading.Channels;

namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>
/// A de-duplicating queue of object keys drained by one worker, so that a key is never reconciled
/// twice at once and a burst of events for one object costs one reconcile.
/// </summary>
internal sealed class WorkQueue(string name, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(200);

    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Enqueue(string key)
    {
        lock (_lock)
        {
            if (!_queued.Add(key))
            {
                return;
            }
        }

        _channel.Writer.TryWrite(key);
    }

    public void EnqueueAfter(string key, TimeSpan delay, CancellationToken cancellationToken) =>
        _ = Task.Delay(delay, time, cancellationToken).ContinueWith(
            t =>
            {
                if (!t.IsCanceled)
                {
                    Enqueue(key);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public async Task RunAsync(Func<string, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                lock (_lock)
                {
                    _queued.Remove(key);
                }

                try
                {
                    await handle(key, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Transient API failures (409 on a stale version, a dropped connection) are retried.
                    WorkloadLog.ReconcileFailed(logger, ex, name, key);
                    EnqueueAfter(key, s_retryDelay, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
