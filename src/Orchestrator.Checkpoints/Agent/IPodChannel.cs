using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>How the agent talks to the controller: its own pod's annotations, or files when there is no cluster.</summary>
public interface IPodChannel
{
    /// <summary>The restore init container's report of what the gang restored.</summary>
    Task ReportRestoredAsync(RestoreReport report, CancellationToken cancellationToken);

    Task ReportCommittedAsync(CheckpointStatus status, CancellationToken cancellationToken);

    Task ReportSaveCompletedAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The trainer's progress (<see cref="ProgressReporter"/>); a channel without a place for it drops it.</summary>
    Task ReportProgressAsync(ProgressStatus progress, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Calls <paramref name="onRequest"/> for each save request until cancelled.</summary>
    Task WatchSaveRequestsAsync(Func<SaveRequest, Task> onRequest, CancellationToken cancellationToken);
}
