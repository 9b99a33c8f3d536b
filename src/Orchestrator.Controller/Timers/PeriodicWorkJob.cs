using Quartz;

namespace Orchestrator.Controller.Timers;

/// <summary>Runs a piece of periodic controller work (the retention sweep); a failure is logged and waits for the next period.</summary>
internal sealed class PeriodicWorkJob(string name, Func<CancellationToken, Task> work, ILogger logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await work(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) // Periodic work must not stop its trigger; the next period tries again.
        {
            logger.LogWarning(e, "Periodic work {Work} failed; it runs again at its next period", name);
        }
    }
}
