using System.Text;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>No Kubernetes API: reports go to files next to the trainer's; save requests are written as files by whoever asks.</summary>
public sealed class LocalPodChannel(TrainerFiles files) : IPodChannel
{
    public Task ReportRestoredAsync(RestoreReport report, CancellationToken cancellationToken)
    {
        TrainerFiles.WriteJsonAtomically(files.RestoredReportPath, report);
        return Task.CompletedTask;
    }

    public Task ReportCommittedAsync(CheckpointStatus status, CancellationToken cancellationToken)
    {
        TrainerFiles.WriteJsonAtomically(files.LastCheckpointPath, status);
        return Task.CompletedTask;
    }

    public Task ReportSaveCompletedAsync(string requestId, CancellationToken cancellationToken)
    {
        TrainerFiles.WriteAtomically(files.SaveCompletedPath, Encoding.UTF8.GetBytes(requestId));
        return Task.CompletedTask;
    }

    public Task ReportProgressAsync(ProgressStatus progress, CancellationToken cancellationToken)
    {
        TrainerFiles.WriteJsonAtomically(files.ProgressReportedPath, progress);
        return Task.CompletedTask;
    }

    public async Task WatchSaveRequestsAsync(Func<SaveRequest, Task> onRequest, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
