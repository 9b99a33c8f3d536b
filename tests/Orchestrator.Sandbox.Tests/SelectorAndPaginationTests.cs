using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class SelectorAndPaginationTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = TestSandbox.Create();
    private RawApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = _server.Api();
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("a", nodeName: "n1", labels: """{"app":"train","tier":"gpu"}"""));
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("b", nodeName: "n2", labels: """{"app":"train","tier":"cpu"}"""));
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("c", labels: """{"app":"web"}"""));
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("d"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("equals", "labelSelector=app%3Dtrain", "a,b")]
    [InlineData("double_equals", "labelSelector=app%3D%3Dweb", "c")]
    [InlineData("not_equals_includes_unlabelled", "labelSelector=app!%3Dtrain", "c,d")]
    [InlineData("in", "labelSelector=tier%20in%20(gpu,%20cpu)", "a,b")]
    [InlineData("notin", "labelSelector=tier%20notin%20(gpu)", "b,c,d")]
    [InlineData("exists", "labelSelector=tier", "a,b")]
    [InlineData("not_exists", "labelSelector=!tier", "c,d")]
    [InlineData("and", "labelSelector=app%3Dtrain,tier%3Dgpu", "a")]
    [InlineData("field_node_name", "fieldSelector=spec.nodeName%3Dn2", "b")]
    [InlineData("field_unscheduled", "fieldSelector=spec.nodeName%3D", "c,d")]
    [InlineData("field_phase_and_name", "fieldSelector=status.phase%3DPending,metadata.name!%3Da", "b,c,d")]
    [InlineData("field_and_label", "fieldSelector=metadata.namespace%3Ddefault&labelSelector=app", "a,b,c")]
    public async Task List_selects_by_labels_and_fields(string name, string query, string expected)
    {
        _ = name;
        var reply = await _api.GetAsync(TestSandbox.Pods + "?" + query);
        Assert.Equal(HttpStatusCode.OK, reply.Code);
        Assert.Equal(expected, Names(reply.Json));
    }

    [Theory]
    [InlineData("unsupported_field", "fieldSelector=spec.containers%3Dx")]
    [InlineData("broken_set", "labelSelector=tier%20in%20gpu")]
    public async Task A_bad_selector_is_a_400(string name, string query)
    {
        _ = name;
        var reply = await _api.GetAsync(TestSandbox.Pods + "?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Code);
        Assert.Equal("Status", reply.At("kind"));
    }

    [Fact]
    public async Task Events_are_selected_by_involved_object_as_kubectl_describe_does()
    {
        var ev = """{"apiVersion":"v1","kind":"Event","metadata":{"name":"a.1"},"involvedObject":{"kind":"Pod","name":"a","namespace":"default","uid":"u-1"},"reason":"Scheduled","message":"m","type":"Normal"}""";
        await _api.PostAsync("/api/v1/namespaces/default/events", ev);
        await _api.PostAsync("/api/v1/namespaces/default/events", ev.Replace("a.1", "b.1", StringComparison.Ordinal).Replace("\"name\":\"a\"", "\"name\":\"b\"", StringComparison.Ordinal));

        var reply = await _api.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Da,involvedObject.namespace%3Ddefault,involvedObject.uid%3Du-1,involvedObject.kind%3DPod");
        Assert.Equal("a.1", Names(reply.Json));
    }

    [Fact]
    public async Task Pages_of_a_limited_list_cover_every_object_once()
    {
        for (var i = 0; i < 23; i++)
        {
            await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap($"cm-{i:D2}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var reply = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=10" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            seen.AddRange(Names(reply.Json).Split(','));
            token = reply.At("metadata.continue");
            if (token is not null)
            {
                Assert.Equal((23 - seen.Count).ToString(), reply.At("metadata.remainingItemCount"));
            }

            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"cm-{i:D2}"), seen);
    }

    [Fact]
    public async Task A_foreign_continue_token_is_a_400()
    {
        var reply = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=1&continue=bm90LW91cnM");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Code);
    }

    [Fact]
    public async Task Listing_across_namespaces_covers_all_of_them()
    {
        await _api.PostAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");
        await _api.PostAsync("/api/v1/namespaces/team-a/pods", TestSandbox.Pod("e"));
        var reply = await _api.GetAsync("/api/v1/pods");
        Assert.Equal("a,b,c,d,e", Names(reply.Json));
        var teamOnly = await _api.GetAsync("/api/v1/namespaces/team-a/pods");
        Assert.Equal("e", Names(teamOnly.Json));
    }

    private static string Names(JsonObject list) =>
        string.Join(',', list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
}
