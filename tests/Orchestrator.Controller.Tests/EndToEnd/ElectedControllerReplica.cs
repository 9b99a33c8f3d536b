using k8s;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Kubernetes.Leader;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// One controller replica as ControllerProgram runs it with --leader-elect: a LeaderElector that runs a fresh
/// RunController while it holds the Lease. Kill() stops it the way a crashed pod stops: the Lease is not released.
/// </summary>
internal sealed class ElectedControllerReplica : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private int _terms;

    public ElectedControllerReplica(IKubernetes client, ControllerRuntime runtime, string identity, LeaderElectionOptions options)
    {
        Identity = identity;
        Elector = new LeaderElector(client, options with { Identity = identity, ReleaseOnCancel = false }, runtime.Time);
        _run = Task.Run(() => Elector.RunAsync(
            async leading =>
            {
                Interlocked.Increment(ref _terms);
                using var controller = new RunController(client, runtime);
                await controller.RunAsync(leading);
            },
            _stop.Token));
    }

    public string Identity { get; }

    public LeaderElector Elector { get; }

    /// <summary>How many times this replica started reconciling (became leader).</summary>
    public int Terms => Volatile.Read(ref _terms);

    public async Task KillAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _stop.Dispose();
    }
}
