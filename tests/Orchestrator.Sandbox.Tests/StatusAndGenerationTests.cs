using System.Net;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class StatusAndGenerationTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = TestSandbox.Create();
    private RawApi _api = null!;

    public Task InitializeAsync()
    {
        _api = _server.Api();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Generation_starts_at_1_and_moves_on_spec_changes_only()
    {
        var created = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        Assert.Equal("1", created.At("metadata.generation"));

        var labelled = await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.Equal("1", labelled.At("metadata.generation"));

        var status = await _api.PatchAsync(TestSandbox.Widgets + "/w/status", """{"status":{"observed":1}}""");
        Assert.Equal("1", status.At("metadata.generation"));

        var resized = await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"spec":{"size":5}}""");
        Assert.Equal("2", resized.At("metadata.generation"));
    }

    [Fact]
    public async Task Status_is_ignored_on_the_main_resource_and_spec_on_the_status_subresource()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));

        var main = await _api.PatchAsync(TestSandbox.Widgets + "/w", """{"spec":{"size":4},"status":{"observed":7}}""");
        Assert.Equal("4", main.At("spec.size"));
        Assert.Null(main.At("status"));

        var status = await _api.PatchAsync(TestSandbox.Widgets + "/w/status", """{"spec":{"size":9},"status":{"observed":7}}""");
        Assert.Equal("4", status.At("spec.size"));
        Assert.Equal("7", status.At("status.observed"));
    }

    [Fact]
    public async Task Status_given_on_create_is_dropped()
    {
        var created = await _api.PostAsync(TestSandbox.Widgets,
            """{"apiVersion":"test.sandbox.dev/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"color":"red"},"status":{"observed":3}}""");
        Assert.Equal(HttpStatusCode.Created, created.Code);
        Assert.Null(created.At("status"));
    }

    [Fact]
    public async Task Resource_versions_increase_across_all_kinds_and_unchanged_writes_keep_them()
    {
        var a = await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        var w = await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        var p = await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("p"));
        var versions = new[] { a, w, p }.Select(r => long.Parse(r.At("metadata.resourceVersion")!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());

        var same = await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"data":{"k":"v"}}""");
        Assert.Equal(a.At("metadata.resourceVersion"), same.At("metadata.resourceVersion"));
    }

    [Fact]
    public async Task Custom_resources_need_a_resource_version_to_be_replaced()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w"));
        var reply = await _api.PutAsync(TestSandbox.Widgets + "/w", TestSandbox.Widget("w", """{"color":"blue"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Contains("metadata.resourceVersion", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patch_carrying_a_stale_resource_version_is_a_conflict()
    {
        var created = await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        await _api.PatchAsync(TestSandbox.ConfigMaps + "/a", """{"data":{"k":"w"}}""");
        var stale = await _api.PatchAsync(TestSandbox.ConfigMaps + "/a",
            "{\"metadata\":{\"resourceVersion\":\"" + created.At("metadata.resourceVersion") + "\"},\"data\":{\"k\":\"x\"}}");
        Assert.Equal(HttpStatusCode.Conflict, stale.Code);
        Assert.Equal("Conflict", stale.At("reason"));
    }

    [Fact]
    public async Task Server_owned_metadata_cannot_be_overwritten_by_an_update()
    {
        var created = await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap("a"));
        var updated = await _api.PatchAsync(TestSandbox.ConfigMaps + "/a",
            """{"metadata":{"uid":"forged","creationTimestamp":"2000-01-01T00:00:00Z"}}""");
        Assert.Equal(created.At("metadata.uid"), updated.At("metadata.uid"));
        Assert.Equal(created.At("metadata.creationTimestamp"), updated.At("metadata.creationTimestamp"));
    }
}
