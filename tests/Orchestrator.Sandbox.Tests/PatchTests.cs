using System.Net;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class PatchTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = TestSandbox.Create();
    private RawApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = _server.Api();
        await _api.PostAsync(TestSandbox.ConfigMaps,
            """{"metadata":{"name":"c","labels":{"keep":"1","drop":"1"}},"data":{"a":"1","b":"2"}}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("merge", "application/merge-patch+json", """{"metadata":{"labels":{"drop":null}},"data":{"a":"9"}}""")]
    [InlineData("strategic_as_merge", "application/strategic-merge-patch+json", """{"metadata":{"labels":{"drop":null}},"data":{"a":"9"}}""")]
    [InlineData("json_patch", "application/json-patch+json", """[{"op":"remove","path":"/metadata/labels/drop"},{"op":"replace","path":"/data/a","value":"9"},{"op":"test","path":"/data/b","value":"2"}]""")]
    public async Task Each_patch_type_changes_only_what_it_names(string name, string contentType, string patch)
    {
        _ = name;
        var reply = await _api.PatchAsync(TestSandbox.ConfigMaps + "/c", patch, contentType);
        Assert.Equal(HttpStatusCode.OK, reply.Code);
        Assert.Equal("9", reply.At("data.a"));
        Assert.Equal("2", reply.At("data.b"));
        Assert.Equal("1", reply.At("metadata.labels.keep"));
        Assert.Null(reply.At("metadata.labels.drop"));
    }

    [Theory]
    [InlineData("failed_test", """[{"op":"test","path":"/data/a","value":"nope"}]""")]
    [InlineData("missing_path", """[{"op":"remove","path":"/data/zzz"}]""")]
    public async Task A_json_patch_that_cannot_apply_changes_nothing(string name, string patch)
    {
        _ = name;
        var reply = await _api.PatchAsync(TestSandbox.ConfigMaps + "/c", patch, "application/json-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Code);
        Assert.Equal("1", (await _api.GetAsync(TestSandbox.ConfigMaps + "/c")).At("data.a"));
    }

    [Fact]
    public async Task Patching_a_missing_object_is_a_404()
    {
        var reply = await _api.PatchAsync(TestSandbox.ConfigMaps + "/none", "{}");
        Assert.Equal(HttpStatusCode.NotFound, reply.Code);
    }

    [Fact]
    public async Task Server_side_apply_creates_then_merges()
    {
        const string path = TestSandbox.ConfigMaps + "/applied?fieldManager=test";
        var created = await _api.SendAsync(HttpMethod.Patch, path, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  x: \"1\"\n", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, created.Code);
        var merged = await _api.SendAsync(HttpMethod.Patch, path, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  y: \"2\"\n", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, merged.Code);
        Assert.Equal("2", merged.At("data.y"));
    }

    [Fact]
    public async Task Binding_a_pod_sets_its_node_once()
    {
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("p"));
        var binding = """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"node-1"}}""";
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync(TestSandbox.Pods + "/p/binding", binding)).Code);
        Assert.Equal("node-1", (await _api.GetAsync(TestSandbox.Pods + "/p")).At("spec.nodeName"));
        Assert.Equal(HttpStatusCode.Conflict, (await _api.PostAsync(TestSandbox.Pods + "/p/binding", binding)).Code);
    }
}
