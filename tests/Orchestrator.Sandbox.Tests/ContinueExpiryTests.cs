using System.Net;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

/// <summary>A continue token outlives its list's resourceVersion only as long as etcd keeps it; then 410, as a real apiserver answers.</summary>
public sealed class ContinueExpiryTests : IAsyncLifetime
{
    private readonly SandboxApiServer _server = TestSandbox.Create(watchHistory: 8);
    private RawApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = _server.Api();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap($"page-{i}"))).Code);
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_continue_token_older_than_the_retained_history_is_410_Expired_with_an_inconsistent_continuation()
    {
        var first = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=2");
        var token = first.At("metadata.continue")!;
        await WriteAsync(count: 10, prefix: "written"); // pushes the first page's version out of the history of 8

        var expired = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Gone, expired.Code);
        Assert.Equal("Expired", expired.At("reason"));
        Assert.StartsWith("The provided continue parameter is too old to display a consistent list result.", expired.At("message"), StringComparison.Ordinal);
        var inconsistent = expired.At("metadata.continue")!;
        var rest = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=100&continue=" + Uri.EscapeDataString(inconsistent));
        Assert.Equal(HttpStatusCode.OK, rest.Code);
        var names = rest.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal("page-2", names[0]);
        Assert.Contains("written-9", names); // the inconsistent remainder shows what was written meanwhile (sorting after page-1)
    }

    [Fact]
    public async Task A_walk_within_the_history_completes_and_later_pages_keep_the_first_pages_version()
    {
        var first = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=2");
        await WriteAsync(count: 3, prefix: "few"); // within the history of 8
        var second = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(first.At("metadata.continue")!));
        Assert.Equal(HttpStatusCode.OK, second.Code);
        await WriteAsync(count: 6, prefix: "more"); // now the first page's version is gone, though the second page is recent

        var third = await _api.GetAsync(TestSandbox.ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(second.At("metadata.continue")!));

        Assert.Equal(HttpStatusCode.Gone, third.Code);
    }

    private async Task WriteAsync(int count, string prefix)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync(TestSandbox.ConfigMaps, TestSandbox.ConfigMap($"{prefix}-{i}"))).Code);
        }
    }
}
