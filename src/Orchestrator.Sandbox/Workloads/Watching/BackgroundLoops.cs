namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>
/// The long-running loops of one sandbox component (its informers and work queue): they share one stop token, and
/// stopping cancels them and waits for them, so a disposed component leaves nothing running behind.
/// </summary>
internal sealed class BackgroundLoops : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private bool _stopped;

    public CancellationToken Token => _stop.Token;

    public void Run(Func<CancellationToken, Task> loop)
    {
        var token = _stop.Token;
        _loops.Add(Task.Run(() => loop(token), token));
    }

    /// <summary>Asks the loops to stop without waiting (idempotent), e.g. so no new work starts while the component tears down.</summary>
    public Task CancelAsync() => _stop.CancelAsync();

    /// <summary>Cancels the loops and waits for them and for <paramref name="alsoAwait"/> (work the component still owns).</summary>
    public async ValueTask StopAsync(IEnumerable<Task>? alsoAwait = null)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops.Concat(alsoAwait ?? []));
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how the loops are asked to stop.
        }

        _stop.Dispose();
    }

    public ValueTask DisposeAsync() => StopAsync();
}
