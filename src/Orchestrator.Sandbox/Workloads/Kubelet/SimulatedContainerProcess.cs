namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>A container that runs no process: it waits its scripted duration on the (scaled) clock and exits.</summary>
internal sealed class SimulatedContainerProcess : IContainerProcess
{
    private const int SigTermExitCode = 143;
    private const int SigKillExitCode = 137;

    private static long s_nextId;

    private readonly SimulatedBehaviour _behaviour;
    private readonly CancellationTokenSource _timer = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedContainerProcess(SimulatedBehaviour behaviour, TimeProvider time)
    {
        _behaviour = behaviour;
        ContainerId = $"simulated://{Interlocked.Increment(ref s_nextId)}";
        if (behaviour.Duration is { } duration)
        {
            _ = Task.Delay(duration, time, _timer.Token).ContinueWith(
                t =>
                {
                    if (!t.IsCanceled)
                    {
                        _exited.TrySetResult(_behaviour.ExitCode);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    public string ContainerId { get; }

    public Task<int> Exited => _exited.Task;

    public void Terminate()
    {
        if (!_behaviour.IgnoreSigterm)
        {
            _exited.TrySetResult(SigTermExitCode);
        }
    }

    public void Kill() => _exited.TrySetResult(SigKillExitCode);

    public void Dispose()
    {
        Kill();
        _timer.Cancel();
        _timer.Dispose();
    }
}
