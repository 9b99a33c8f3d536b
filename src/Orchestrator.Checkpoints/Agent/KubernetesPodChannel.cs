using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// Reports through annotations on the agent's own pod (a merge patch) and watches that pod for the
/// controller's save-request annotation. Needs RBAC: watch and patch on its own pod. A 401 or 403 on either runs
/// <paramref name="onForbidden"/> once (the sidecar's permission check, which leaves its answer as the termination message).
/// </summary>
public sealed class KubernetesPodChannel(IKubernetes client, string ns, string podName, TimeProvider time, ILogger logger, Func<CancellationToken, Task>? onForbidden = null) : IPodChannel
{
    private int _forbiddenReported;

    public async Task ReportRestoredAsync(RestoreReport report, CancellationToken cancellationToken) =>
        await AnnotateAsync(Annotations.Restored, JsonSerializer.Serialize(report), cancellationToken);

    public async Task ReportCommittedAsync(CheckpointStatus status, CancellationToken cancellationToken) =>
        await AnnotateAsync(Annotations.LastCheckpoint, JsonSerializer.Serialize(status), cancellationToken);

    public async Task ReportSaveCompletedAsync(string requestId, CancellationToken cancellationToken) =>
        await AnnotateAsync(Annotations.SaveCompleted, requestId, cancellationToken);

    public async Task ReportProgressAsync(ProgressStatus progress, CancellationToken cancellationToken) =>
        await AnnotateAsync(Annotations.Progress, JsonSerializer.Serialize(progress), cancellationToken);

    public async Task WatchSaveRequestsAsync(Func<SaveRequest, Task> onRequest, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var events = client.CoreV1.WatchListNamespacedPodAsync(ns, fieldSelector: $"metadata.name={podName}", cancellationToken: cancellationToken);
                await foreach (var (type, pod) in events)
                {
                    backoff = TimeSpan.FromSeconds(1);
                    if (type is WatchEventType.Added or WatchEventType.Modified && ReadRequest(pod) is { } request)
                    {
                        await onRequest(request);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The watch ends on API server restarts and timeouts; the next one starts with a fresh list.
                logger.PodWatchFailed(e.GetType().Name, backoff.TotalSeconds);
                await ReportIfForbiddenAsync(e, cancellationToken);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
            }
        }
    }

    private SaveRequest? ReadRequest(V1Pod pod)
    {
        var annotations = pod.Metadata?.Annotations;
        if (annotations is null || !annotations.TryGetValue(Annotations.SaveRequest, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var request = JsonSerializer.Deserialize<SaveRequest>(json);
            if (request is null || string.IsNullOrEmpty(request.Id))
            {
                return null;
            }

            // Answered before this agent (re)started: nothing to pass on.
            return annotations.TryGetValue(Annotations.SaveCompleted, out var done) && done == request.Id ? null : request;
        }
        catch (JsonException)
        {
            logger.BadSaveRequest(Annotations.SaveRequest);
            return null;
        }
    }

    private async Task AnnotateAsync(string key, string value, CancellationToken cancellationToken)
    {
        var body = new { metadata = new { annotations = new Dictionary<string, string> { [key] = value } } };
        var patch = new V1Patch(JsonSerializer.Serialize(body), V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoreV1.PatchNamespacedPodAsync(patch, podName, ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ReportIfForbiddenAsync(e, cancellationToken);
            throw;
        }
    }

    private async Task ReportIfForbiddenAsync(Exception e, CancellationToken cancellationToken)
    {
        if (onForbidden is not null
            && ApiErrors.StatusCode(e) is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
            && Interlocked.Exchange(ref _forbiddenReported, 1) == 0)
        {
            try
            {
                await onForbidden(cancellationToken);
            }
            catch (Exception report) when (report is not OperationCanceledException)
            {
                logger.ReportFailed("the missing permission", report.Message);
            }
        }
    }
}
