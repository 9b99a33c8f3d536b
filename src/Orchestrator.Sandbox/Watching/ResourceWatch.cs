using k8s;

namespace Orchestrator.Sandbox.Watching;

/// <summary>
/// The sandbox components' list+watch loop: list to learn the current resourceVersion, report the
/// listed items, watch from that version and report each change; when the watch ends, fails or is
/// answered 410 Gone, list again. Consumers are level-based, so a re-list is always safe.
/// </summary>
internal sealed class ResourceWatch<T>(
    string what,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string? ResourceVersion)>> list,
    Func<string?, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> watch,
    Action<WatchEventType?, T?> onChange,
    ILogger logger)
{
    // Failures of the API server do not speed up with the sandbox clock: back off in real time.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var (items, resourceVersion) = await list(cancellationToken);
                onChange(null, default);
                foreach (var item in items)
                {
                    onChange(WatchEventType.Added, item);
                }

                await foreach (var (type, item) in watch(resourceVersion, cancellationToken))
                {
                    if (type == WatchEventType.Error)
                    {
                        // 410 Gone or another server error: the only safe continuation is a fresh list.
                        break;
                    }

                    if (type != WatchEventType.Bookmark)
                    {
                        onChange(type, item);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The loop must outlive any single failure; it re-lists after a pause.
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug(error, "Watch of {What} failed; listing again", what);
                }
                try
                {
                    await Task.Delay(RetryDelay, TimeProvider.System, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
