using System.Text.Json;
using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Reconcile;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// Applies reconcile actions to the cluster. Each is idempotent: creates tolerate AlreadyExists, deletes tolerate
/// NotFound, annotations are merge patches. Failures recognised by status code only; transient ones (5xx, 429,
/// connection errors) are retried by <see cref="ApiCalls"/> before they fail the reconcile.
/// </summary>
internal sealed class ActionApplier(IKubernetes client, ApiCalls api, IEventSink events, CreateRejections rejections, TimeProvider time)
{
    private readonly AgentAccess _agentAccess = new(client, api);

    /// <summary>Applies the actions in order and returns the run as last written (its resourceVersion moves with the finalizer).</summary>
    public async Task<TrainingRun> ApplyAsync(TrainingRun run, IReadOnlyList<ReconcileAction> actions, CancellationToken ct)
    {
        var ns = run.Metadata.NamespaceProperty ?? "default";
        foreach (var action in actions)
        {
            switch (action)
            {
                case AddFinalizer:
                    run = await PatchFinalizersAsync(run, [.. run.Metadata.Finalizers ?? [], Finalizers.Run], ct);
                    break;
                case RemoveFinalizer:
                    run = await PatchFinalizersAsync(run, [.. (run.Metadata.Finalizers ?? []).Where(f => f != Finalizers.Run)], ct);
                    break;
                case CreateService service:
                    await CreateServiceAsync(service.Service, ct);
                    break;
                case CreateJob create:
                    await CreateJobAsync(create.Job, ct);
                    break;
                case DeleteJob delete:
                    await DeleteJobAsync(ns, delete.Name, ct);
                    break;
                case RequestSave save:
                    await RequestSaveAsync(ns, save, ct);
                    break;
                case PublishEvent e:
                    events.Publish(run, e.Warning, e.Reason, e.Message);
                    break;
            }
        }

        return run;
    }

    private async Task<TrainingRun> PatchFinalizersAsync(TrainingRun run, List<string> finalizers, CancellationToken ct)
    {
        // The resourceVersion in the patch makes it conditional: a concurrent change gives 409 and the reconcile retries.
        var patch = new { metadata = new { finalizers, resourceVersion = run.Metadata.ResourceVersion } };
        try
        {
            return await api.RunAsync(t => client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingRun>(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, run.Metadata.NamespaceProperty, ApiGroup.Plural, run.Metadata.Name, cancellationToken: t), ct);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e) && finalizers.Count == 0)
        {
            return run;
        }
    }

    private async Task CreateJobAsync(V1Job job, CancellationToken ct)
    {
        // Before the Job: pods that start without their agent's permissions would miss every save request.
        await _agentAccess.EnsureAsync(job.Metadata.NamespaceProperty, job.Spec.Template.Spec.ServiceAccountName ?? Kubernetes.Rbac.AgentRbacObjects.Name, ct);
        try
        {
            await api.RunAsync(t => client.BatchV1.CreateNamespacedJobAsync(job, job.Metadata.NamespaceProperty, cancellationToken: t), ct);
            rejections.Created(job.Metadata.NamespaceProperty, job.Metadata.Name);
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            // Deterministic name: it exists because an earlier reconcile (or controller) created it.
            rejections.Created(job.Metadata.NamespaceProperty, job.Metadata.Name);
        }
        catch (Exception e) when (ApiErrors.StatusCode(e) is { } code && (int)code is >= 400 and < 500 && !ApiErrors.IsTransient(e) && !ApiErrors.IsNotFound(e))
        {
            // A refusal (422 Invalid, 403 Forbidden, 400) does not change on retry: keep the server's words for the next
            // reconcile, which shows them in the run's status and an Event, instead of failing this one into backoff.
            rejections.Refused(job.Metadata.NamespaceProperty, job.Metadata.Name, new CreateRejection((int)code, ApiErrors.Message(e), time.GetUtcNow()));
        }
    }

    private async Task CreateServiceAsync(V1Service service, CancellationToken ct)
    {
        try
        {
            await api.RunAsync(t => client.CoreV1.CreateNamespacedServiceAsync(service, service.Metadata.NamespaceProperty, cancellationToken: t), ct);
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            // One per run, named after it: an earlier attempt (or reconcile) created it.
        }
    }

    private async Task DeleteJobAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            await api.RunAsync(t => client.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: "Background", cancellationToken: t), ct);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
        }
    }

    private async Task RequestSaveAsync(string ns, RequestSave save, CancellationToken ct)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = save.RequestId, ["reason"] = save.Reason });
        var patch = new { metadata = new { annotations = new Dictionary<string, string> { [Annotations.SaveRequest] = request } } };
        try
        {
            await api.RunAsync(t => client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), save.PodName, ns, cancellationToken: t), ct);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            // The pod is already gone; the attempt ends without its save and the next reconcile sees that.
        }
    }
}
