using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class ErrorAndFaultTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestSandbox.Start);
    private SandboxApiServer _server = null!;
    private RawApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = TestSandbox.Create(_time);
        _api = _server.Api();
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("exists"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("unknown_object", "GET", TestSandbox.ConfigMaps + "/missing", null, 404, "NotFound")]
    [InlineData("unknown_resource", "GET", "/api/v1/namespaces/default/gizmos", null, 404, "NotFound")]
    [InlineData("already_exists", "POST", TestSandbox.ConfigMaps, """{"metadata":{"name":"exists"}}""", 409, "AlreadyExists")]
    [InlineData("not_json", "POST", TestSandbox.ConfigMaps, "{not json", 400, "BadRequest")]
    [InlineData("wrong_kind", "POST", TestSandbox.ConfigMaps, """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"x"}}""", 400, "BadRequest")]
    [InlineData("namespace_mismatch", "POST", TestSandbox.ConfigMaps, """{"metadata":{"name":"x","namespace":"other"}}""", 400, "BadRequest")]
    [InlineData("bad_name", "POST", TestSandbox.ConfigMaps, """{"metadata":{"name":"Not_A_Name"}}""", 422, "Invalid")]
    [InlineData("no_name", "POST", TestSandbox.ConfigMaps, """{"metadata":{}}""", 422, "Invalid")]
    [InlineData("pod_without_containers", "POST", TestSandbox.Pods, """{"metadata":{"name":"p"},"spec":{}}""", 422, "Invalid")]
    [InlineData("resource_version_on_create", "POST", TestSandbox.ConfigMaps, """{"metadata":{"name":"x","resourceVersion":"5"}}""", 500, "InternalError")]
    [InlineData("unknown_patch_type", "PATCH", TestSandbox.ConfigMaps + "/exists", "{}", 415, "UnsupportedMediaType")]
    public async Task Errors_are_status_objects_with_the_kubernetes_code_and_reason(string name, string method, string path, string? body, int code, string reason)
    {
        _ = name;
        var reply = await _api.SendAsync(new HttpMethod(method), path, body, contentType: method == "PATCH" ? "application/x-unknown" : "application/json");
        Assert.Equal(code, (int)reply.Code);
        Assert.Equal("Status", reply.At("kind"));
        Assert.Equal("Failure", reply.At("status"));
        Assert.Equal(reason, reply.At("reason"));
        Assert.Equal(code.ToString(), reply.At("code"));
    }

    [Fact]
    public async Task An_invalid_object_names_the_fields_at_fault()
    {
        var reply = await _api.PostAsync(TestSandbox.Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"main"}]}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("spec.containers[0].image", reply.At("details.causes.0.field"));
        Assert.Equal("FieldValueRequired", reply.At("details.causes.0.reason"));
        Assert.Equal("Pod", reply.At("details.kind"));
    }

    [Fact]
    public async Task A_failure_rate_applies_to_its_verb_and_resource_only()
    {
        _server.Faults.FailRate(1.0, 500, verb: "list", resource: "configmaps");

        Assert.Equal(HttpStatusCode.InternalServerError, (await _api.GetAsync(TestSandbox.ConfigMaps)).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.ConfigMaps + "/exists")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.Pods)).Code);

        _server.Faults.Clear();
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.ConfigMaps)).Code);
    }

    [Fact]
    public async Task Throttling_answers_429_with_retry_after_and_the_typed_client_sees_it()
    {
        _server.Faults.FailNext(1, 429, verb: "get");

        var throttled = await _api.GetAsync(TestSandbox.ConfigMaps + "/exists");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.RetryAfter);
        Assert.Equal("TooManyRequests", throttled.At("reason"));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.ConfigMaps + "/exists")).Code);
    }

    [Fact]
    public async Task Latency_delays_matching_requests_on_the_sandbox_clock()
    {
        _server.Faults.AddLatency(TimeSpan.FromSeconds(5), verb: "get", resource: "configmaps");
        var slow = _api.GetAsync(TestSandbox.ConfigMaps + "/exists");
        var fast = await _api.GetAsync(TestSandbox.Pods);
        Assert.Equal(HttpStatusCode.OK, fast.Code);
        Assert.False(slow.IsCompleted);

        await WaitUntil(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return slow.IsCompleted;
        });
        Assert.Equal(HttpStatusCode.OK, (await slow).Code);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Yield();
        }
    }
}
