using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Controller.Metrics;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Sandbox;

namespace Orchestrator.Controller.Tests.Reconciliation;

/// <summary>
/// The controller's status writes through Polly against the sandbox API server with injected faults: transient
/// failures are retried inside the call, conflicts and missing objects are left to the reconcile.
/// </summary>
public sealed class ApiRetryTests : IAsyncDisposable
{
    private readonly SandboxApiServer _server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { CrdDirectory = Path.Combine(RepoRoot.Find(), "crds") });
    private readonly ControllerMetrics _metrics = new();

    [Theory]
    [InlineData("a burst of 503", 503, 3)]
    [InlineData("a burst of 500", 500, 2)]
    [InlineData("429 too many requests", 429, 1)]
    public async Task Transient_failures_of_a_status_write_are_absorbed_by_the_retry(string name, int status, int burst)
    {
        Assert.NotNull(name);
        var client = _server.CreateClient();
        var run = await CreateRunAsync(client, "retried");
        _server.Faults.FailNext(burst, status, verb: "update", resource: ApiGroup.Plural);

        var written = await Writer(client).WriteAsync(run, new TrainingRunStatus { Phase = RunPhase.Queued, Message = "after the burst" }, CancellationToken.None);

        Assert.True(written);
        var stored = await client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "retried");
        Assert.Equal("after the burst", stored.Status!.Message);
        Assert.Equal(burst, _metrics.ApiRetries.Value);
    }

    [Fact]
    public async Task A_burst_longer_than_the_retry_bound_fails_the_call_for_the_queue_to_retry()
    {
        var client = _server.CreateClient();
        var run = await CreateRunAsync(client, "exhausted");
        _server.Faults.FailNext(10, 503, verb: "update", resource: ApiGroup.Plural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Writer(client).WriteAsync(run, new TrainingRunStatus { Phase = RunPhase.Queued }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Equal(3, _metrics.ApiRetries.Value);
    }

    [Fact]
    public async Task A_conflict_is_not_retried_but_thrown_for_the_reconcile_to_decide_again()
    {
        var client = _server.CreateClient();
        var run = await CreateRunAsync(client, "raced");
        _server.Faults.FailNext(1, 409, verb: "update", resource: ApiGroup.Plural);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Writer(client).WriteAsync(run, new TrainingRunStatus { Phase = RunPhase.Queued }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal(0, _metrics.ApiRetries.Value);
    }

    [Fact]
    public async Task A_run_deleted_meanwhile_is_not_retried_and_not_an_error()
    {
        var client = _server.CreateClient();
        var run = await CreateRunAsync(client, "gone");
        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural, "gone");

        Assert.False(await Writer(client).WriteAsync(run, new TrainingRunStatus { Phase = RunPhase.Queued }, CancellationToken.None));
        Assert.Equal(0, _metrics.ApiRetries.Value);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private StatusWriter Writer(IKubernetes client) =>
        new(client, new ApiCalls(new ApiResilienceOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) }, TimeProvider.System, _metrics));

    private static async Task<TrainingRun> CreateRunAsync(IKubernetes client, string name)
    {
        var run = new TrainingRun
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new TrainingRunSpec
            {
                Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
                Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = "file:///tmp/unused" } },
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "trainer", Image = "trainer" }] } },
            },
        };
        return await client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(run, ApiGroup.Name, ApiGroup.Version, "default", ApiGroup.Plural);
    }
}
