using System.Net;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

/// <summary>/openapi/v2 content negotiation as kube-openapi does it, and what kubectl prints because of it.</summary>
public sealed class OpenApiV2Tests(KestrelSandboxFixture fixture) : IClassFixture<KestrelSandboxFixture>
{
    private const string ProtobufAccept = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    [Fact]
    public async Task Kubectl_apply_of_a_kind_nobody_serves_says_to_install_the_crd_first()
    {
        var applied = await fixture.Kubectl.RunAsync("apply", "-f", Repo.TestData("unknown-kind.yaml"));

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("resource mapping not found for name: \"missing-crd\"", applied.Stderr, StringComparison.Ordinal);
        Assert.Contains("no matches for kind \"Gadget\" in version \"example.com/v1\"", applied.Stderr, StringComparison.Ordinal);
        Assert.Contains("ensure CRDs are installed first", applied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("proto:", applied.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProtobufAccept)]
    [InlineData("application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    [InlineData("application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf")]
    public async Task The_protobuf_request_gets_a_protobuf_document(string accept)
    {
        var (code, contentType, body) = await GetAsync(accept);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", contentType);
        // openapi.v2.Document field 1 (swagger), length-delimited: 0x0A, length 3, "2.0"; then field 2 (info).
        Assert.Equal(new byte[] { 0x0A, 0x03, (byte)'2', (byte)'.', (byte)'0', 0x12 }, body[..6]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, " + ProtobufAccept)]
    public async Task Json_is_the_default(string? accept)
    {
        var (code, contentType, body) = await GetAsync(accept);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("application/json", contentType);
        Assert.Equal("2.0", System.Text.Json.Nodes.JsonNode.Parse(body)!["swagger"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unacceptable_format_is_a_406()
    {
        var (code, _, _) = await GetAsync("text/html");

        Assert.Equal(HttpStatusCode.NotAcceptable, code);
    }

    private async Task<(HttpStatusCode Code, string? ContentType, byte[] Body)> GetAsync(string? accept)
    {
        using var http = fixture.Server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        if (accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }
}
