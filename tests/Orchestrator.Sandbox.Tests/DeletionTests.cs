using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class DeletionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestSandbox.Start);
    private SandboxApiServer _server = null!;
    private RawApi _api = null!;

    public Task InitializeAsync()
    {
        _server = TestSandbox.Create(_time);
        _api = _server.Api();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_finalizer_keeps_a_deleted_object_until_it_is_removed()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", metadataExtra: "\"finalizers\":[\"test.sandbox.dev/cleanup\"]"));
        await using var watch = await WatchStream.OpenAsync(_api.Http, TestSandbox.Widgets + "?watch=true");
        Assert.Equal(("ADDED", "w"), await watch.NextTypeAndNameAsync());

        var deleted = await _api.DeleteAsync(TestSandbox.Widgets + "/w");
        Assert.Equal(HttpStatusCode.OK, deleted.Code);
        Assert.Equal("2026-03-01T12:00:00Z", deleted.At("metadata.deletionTimestamp"));
        Assert.Equal(("MODIFIED", "w"), await watch.NextTypeAndNameAsync());
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.Widgets + "/w")).Code);

        var adding = await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"metadata":{"finalizers":["test.sandbox.dev/cleanup","other"]}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, adding.Code);

        await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"metadata":{"finalizers":null}}""");
        Assert.Equal(("DELETED", "w"), await watch.NextTypeAndNameAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.Widgets + "/w")).Code);
    }

    [Fact]
    public async Task Dependents_are_garbage_collected_when_their_owner_goes()
    {
        var owner = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("owner"));
        var ownerRef = $"\"ownerReferences\":[{{\"apiVersion\":\"test.sandbox.dev/v1\",\"kind\":\"Widget\",\"name\":\"owner\",\"uid\":\"{owner.At("metadata.uid")}\",\"controller\":true}}]";
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("worker-0", extraMetadata: ownerRef));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("config", extraMetadata: ownerRef));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("unrelated"));

        await _api.DeleteAsync(TestSandbox.Widgets + "/owner");

        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.Pods + "/worker-0")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.ConfigMaps + "/config")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.ConfigMaps + "/unrelated")).Code);
    }

    [Fact]
    public async Task Orphan_propagation_keeps_dependents_and_strips_the_owner_reference()
    {
        var owner = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("owner"));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("config",
            extraMetadata: $"\"ownerReferences\":[{{\"apiVersion\":\"test.sandbox.dev/v1\",\"kind\":\"Widget\",\"name\":\"owner\",\"uid\":\"{owner.At("metadata.uid")}\"}}]"));

        await _api.DeleteAsync(TestSandbox.Widgets + "/owner", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}""");

        var config = await _api.GetAsync(TestSandbox.ConfigMaps + "/config");
        Assert.Equal(HttpStatusCode.OK, config.Code);
        Assert.Null(config.At("metadata.ownerReferences"));
    }

    [Fact]
    public async Task A_dependent_with_a_remaining_owner_survives()
    {
        var a = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("a"));
        var b = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("b"));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("shared", extraMetadata:
            $"\"ownerReferences\":[{{\"apiVersion\":\"v\",\"kind\":\"Widget\",\"name\":\"a\",\"uid\":\"{a.At("metadata.uid")}\"}},{{\"apiVersion\":\"v\",\"kind\":\"Widget\",\"name\":\"b\",\"uid\":\"{b.At("metadata.uid")}\"}}]"));

        await _api.DeleteAsync(TestSandbox.Widgets + "/a");
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.ConfigMaps + "/shared")).Code);
        await _api.DeleteAsync(TestSandbox.Widgets + "/b");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.ConfigMaps + "/shared")).Code);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_its_content_then_the_namespace()
    {
        await _api.PostAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}""");
        await _api.PostAsync("/api/v1/namespaces/team/configmaps", TestSandbox.ConfigMap("a"));
        await _api.PostAsync("/apis/test.sandbox.dev/v1/namespaces/team/widgets",
            TestSandbox.Widget("held", metadataExtra: "\"finalizers\":[\"test.sandbox.dev/cleanup\"]"));

        var deleting = await _api.DeleteAsync("/api/v1/namespaces/team");
        Assert.Equal("Terminating", deleting.At("status.phase"));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/v1/namespaces/team/configmaps/a")).Code);
        var refused = await _api.PostAsync("/api/v1/namespaces/team/configmaps", TestSandbox.ConfigMap("b"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Code);

        await _api.PatchAsync("/apis/test.sandbox.dev/v1/namespaces/team/widgets/held", """{"metadata":{"finalizers":null}}""");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("/api/v1/namespaces/team")).Code);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_a_404()
    {
        var reply = await _api.PostAsync("/api/v1/namespaces/nowhere/configmaps", TestSandbox.ConfigMap("a"));
        Assert.Equal(HttpStatusCode.NotFound, reply.Code);
        Assert.Equal("namespaces \"nowhere\" not found", reply.At("message"));
    }

    [Fact]
    public async Task A_bound_pod_terminates_gracefully_until_the_kubelet_deletes_it_with_zero_grace()
    {
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("bound", nodeName: "node-1"));
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("unbound"));

        var terminating = await _api.DeleteAsync(TestSandbox.Pods + "/bound");
        Assert.Equal("30", terminating.At("metadata.deletionGracePeriodSeconds"));
        Assert.Equal("2026-03-01T12:00:30Z", terminating.At("metadata.deletionTimestamp"));
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(TestSandbox.Pods + "/bound")).Code);

        await _api.DeleteAsync(TestSandbox.Pods + "/bound", """{"gracePeriodSeconds":0}""");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.Pods + "/bound")).Code);

        await _api.DeleteAsync(TestSandbox.Pods + "/unbound");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync(TestSandbox.Pods + "/unbound")).Code);
    }

    [Fact]
    public async Task A_delete_with_a_stale_precondition_is_a_conflict()
    {
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        var reply = await _api.DeleteAsync(TestSandbox.ConfigMaps + "/a", """{"preconditions":{"uid":"someone-else"}}""");
        Assert.Equal(HttpStatusCode.Conflict, reply.Code);
    }

    [Fact]
    public async Task Delete_collection_removes_only_the_selected_objects()
    {
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a", labels: """{"x":"1"}"""));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("b", labels: """{"x":"1"}"""));
        await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("c"));

        await _api.DeleteAsync(TestSandbox.ConfigMaps + "?labelSelector=x%3D1");
        var left = await _api.GetAsync(TestSandbox.ConfigMaps);
        Assert.Equal("c", Assert.Single(left.Json["items"]!.AsArray())!["metadata"]!["name"]!.GetValue<string>());
    }
}
