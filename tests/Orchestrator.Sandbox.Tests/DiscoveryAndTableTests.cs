using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

public sealed class DiscoveryAndTableTests : IAsyncLifetime
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
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
    public async Task Version_and_core_discovery_answer_like_an_api_server()
    {
        var version = await _api.GetAsync("/version");
        Assert.Equal("v1.31.0", version.At("gitVersion"));
        Assert.Equal("APIVersions", (await _api.GetAsync("/api")).At("kind"));

        var core = await _api.GetAsync("/api/v1");
        var pods = core.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods")!;
        Assert.Equal("Pod", pods["kind"]!.GetValue<string>());
        Assert.Contains("watch", pods["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains(core.Json["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "pods/status");
    }

    [Theory]
    [InlineData("batch", "v1", "jobs")]
    [InlineData("coordination.k8s.io", "v1", "leases")]
    [InlineData("kueue.x-k8s.io", "v1beta2", "workloads")]
    [InlineData("kueue.x-k8s.io", "v1beta2", "clusterqueues")]
    [InlineData("kueue.x-k8s.io", "v1beta2", "localqueues")]
    [InlineData("kueue.x-k8s.io", "v1beta2", "resourceflavors")]
    [InlineData("events.k8s.io", "v1", "events")]
    [InlineData("test.sandbox.dev", "v1", "widgets")]
    public async Task Every_served_group_is_discoverable(string group, string version, string resource)
    {
        var groups = await _api.GetAsync("/apis");
        Assert.Contains(groups.Json["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == group);
        var list = await _api.GetAsync($"/apis/{group}/{version}");
        Assert.Contains(list.Json["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == resource);
    }

    [Fact]
    public async Task Openapi_v3_declares_server_side_field_validation_for_each_resource()
    {
        var root = await _api.GetAsync("/openapi/v3");
        var url = root.Json["paths"]!["apis/test.sandbox.dev/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var doc = await _api.GetAsync(url);
        var patch = doc.Json["paths"]!["/apis/test.sandbox.dev/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.Equal("Widget", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.NotNull(doc.Json["components"]!["schemas"]!["dev.sandbox.test.v1.Widget"]!["properties"]!["spec"]);
    }

    [Fact]
    public async Task A_table_request_gets_the_crd_printer_columns()
    {
        await _api.PostAsync(TestSandbox.Widgets, TestSandbox.Widget("w", """{"color":"red","size":7}"""));
        await _api.PatchAsync(TestSandbox.Widgets + "/w/status", """{"status":{"conditions":[{"type":"Other","status":"False"},{"type":"Ready","status":"True"}]}}""");
        _time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20));

        var table = await _api.GetAsync(TestSandbox.Widgets, TableAccept);
        Assert.Equal("Table", table.At("kind"));
        Assert.Equal(["Name", "Size", "Ready", "Age"], Columns(table.Json));
        Assert.Equal(["w", "7", "True", "3m20s"], Cells(table.Json, 0));
        Assert.Equal("PartialObjectMetadata", table.At("rows.0.object.kind"));
    }

    [Fact]
    public async Task A_pod_table_shows_what_kubectl_get_pods_shows()
    {
        await _api.PostAsync(TestSandbox.Pods, TestSandbox.Pod("p"));
        await _api.PatchAsync(TestSandbox.Pods + "/p/status",
            """{"status":{"phase":"Running","containerStatuses":[{"name":"main","ready":true,"restartCount":2,"image":"busybox","imageID":"","state":{"running":{}}}]}}""");
        _time.Advance(TimeSpan.FromSeconds(45));

        var table = await _api.GetAsync(TestSandbox.Pods, TableAccept);
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node"], Columns(table.Json));
        Assert.Equal(["p", "1/1", "Running", "2", "45s", "", ""], Cells(table.Json, 0));
    }

    [Theory]
    [InlineData("seconds", 45, "45s")]
    [InlineData("minutes_and_seconds", 200, "3m20s")]
    [InlineData("minutes", 1800, "30m")]
    [InlineData("hours_and_minutes", 3 * 3600 + 300, "3h5m")]
    [InlineData("hours", 20 * 3600, "20h")]
    [InlineData("days_and_hours", 3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData("days", 40 * 86400, "40d")]
    public void Ages_read_like_kubectl(string name, int seconds, string expected)
    {
        _ = name;
        Assert.Equal(expected, Http.TableWriter.HumanDuration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public async Task Unknown_paths_are_404_status_objects()
    {
        var reply = await _api.GetAsync("/apis/nothing.example/v1");
        Assert.Equal(HttpStatusCode.NotFound, reply.Code);
        Assert.Equal("Status", reply.At("kind"));
    }

    private static List<string> Columns(JsonObject table) =>
        [.. table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    private static List<string> Cells(JsonObject table, int row) =>
        [.. table["rows"]![row]!["cells"]!.AsArray().Select(c => c?.ToString() ?? "")];
}
