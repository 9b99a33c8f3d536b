using System.Collections.Concurrent;
using System.Threading.Channels;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Agent;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>
/// Stands in for the Kubernetes API (no API server can run here yet): the test plays the controller,
/// posting save requests and reading what the agent reported.
/// </summary>
internal sealed class StandInPodChannel : IPodChannel
{
    private readonly Channel<SaveRequest> _requests = Channel.CreateUnbounded<SaveRequest>();

    public ConcurrentQueue<CheckpointStatus> Committed { get; } = new();

    public ConcurrentQueue<string> SaveCompleted { get; } = new();

    public ConcurrentQueue<ProgressStatus> Progress { get; } = new();

    /// <summary>Every report in the order the agent made it: <c>committed:ID</c> and <c>answered:REQUEST</c>.</summary>
    public ConcurrentQueue<string> Reports { get; } = new();

    public ConcurrentQueue<RestoreReport> Restored { get; } = new();

    public void Request(SaveRequest request) => _requests.Writer.TryWrite(request);

    public Task ReportRestoredAsync(RestoreReport report, CancellationToken cancellationToken)
    {
        Restored.Enqueue(report);
        Reports.Enqueue("restored:" + report.Id);
        return Task.CompletedTask;
    }

    public Task ReportCommittedAsync(CheckpointStatus status, CancellationToken cancellationToken)
    {
        Committed.Enqueue(status);
        Reports.Enqueue("committed:" + status.Id);
        return Task.CompletedTask;
    }

    public Task ReportSaveCompletedAsync(string requestId, CancellationToken cancellationToken)
    {
        SaveCompleted.Enqueue(requestId);
        Reports.Enqueue("answered:" + requestId);
        return Task.CompletedTask;
    }

    public Task ReportProgressAsync(ProgressStatus progress, CancellationToken cancellationToken)
    {
        Progress.Enqueue(progress);
        return Task.CompletedTask;
    }

    public async Task WatchSaveRequestsAsync(Func<SaveRequest, Task> onRequest, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(cancellationToken))
            {
                await onRequest(request);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
