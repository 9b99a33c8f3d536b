using System.Net;
using k8s;
using k8s.Models;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Sandbox;

namespace Orchestrator.Kubernetes.Tests.Client;

public sealed class ApiResilienceSandboxTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = SandboxApiServer.CreateInMemory();
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _client = _server.CreateClient();
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, "default");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("internal error", 500)]
    [InlineData("unavailable", 503)]
    [InlineData("gateway timeout", 504)]
    [InlineData("too many requests", 429)]
    public async Task Transient_failures_are_retried_until_the_call_succeeds(string name, int status)
    {
        _ = name;
        var pipeline = ApiResilience.Create(TimeProvider.System, new ApiResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
        _server.Faults.FailNext(3, status, verb: "get", resource: "configmaps");

        var map = await pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: ct));

        Assert.Equal("settings", map.Metadata.Name);
    }

    [Theory]
    [InlineData("bad request", 400, HttpStatusCode.BadRequest)]
    [InlineData("conflict", 409, HttpStatusCode.Conflict)]
    [InlineData("unprocessable", 422, HttpStatusCode.UnprocessableEntity)]
    public async Task Client_errors_fail_at_once_without_retrying(string name, int status, HttpStatusCode expected)
    {
        _ = name;
        var pipeline = ApiResilience.Create(TimeProvider.System, new ApiResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(1) });
        _server.Faults.FailNext(2, status, verb: "get", resource: "configmaps");

        // Two injected failures and two calls that each fail: each call made exactly one attempt.
        for (var call = 0; call < 2; call++)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: ct)).AsTask());
            Assert.Equal(expected, ApiErrors.StatusCode(error));
        }

        await pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: ct));
    }

    [Fact]
    public async Task A_429_waits_for_the_servers_Retry_After()
    {
        var time = new CountingFakeTimeProvider();
        var pipeline = ApiResilience.Create(time, new ApiResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(1) }, () => 0.5);
        _server.Faults.FailNext(1, 429, verb: "get", resource: "configmaps");

        var call = pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: ct)).AsTask();
        await Poll.UntilAsync(() => time.DueTimes.Contains(TimeSpan.FromSeconds(1)), because: "a retry delay of Retry-After: 1");
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("settings", (await call.WaitAsync(Poll.DefaultDeadline)).Metadata.Name);
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries_with_the_last_error()
    {
        var pipeline = ApiResilience.Create(TimeProvider.System, new ApiResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });
        _server.Faults.FailNext(3, 503, verb: "get", resource: "configmaps");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: ct)).AsTask());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ApiErrors.StatusCode(error));
    }
}
