using Orchestrator.Controller.Metrics;
using Orchestrator.Kubernetes.Client;
using Polly;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// The controller's single API calls (status writes, finalizer patches, Job create/delete, save-request patches)
/// through <see cref="ApiResilience"/>: transient failures (5xx, 429 with its Retry-After, 408, connection errors,
/// a hung attempt) are retried a few times with jittered backoff on the controller's clock; 404 and 409 are not
/// retried, the reconcile handles them. The reconcile as a whole is retried by the work queue, not here.
/// </summary>
internal sealed class ApiCalls(ApiResilienceOptions options, TimeProvider time, ControllerMetrics metrics)
{
    private readonly ResiliencePipeline _pipeline = ApiResilience.Create(time, options, onRetry: () => metrics.ApiRetries.Inc());

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct) =>
        await _pipeline.ExecuteAsync(async t => await call(t), ct);

    public async Task RunAsync(Func<CancellationToken, Task> call, CancellationToken ct) =>
        await _pipeline.ExecuteAsync(async t => await call(t), ct);
}
