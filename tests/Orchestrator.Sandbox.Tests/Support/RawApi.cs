using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>Raw HTTP against the sandbox, for what a typed client hides (status bodies, headers, content types).</summary>
internal sealed class RawApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var warnings = response.Headers.TryGetValues("Warning", out var w) ? w.ToList() : [];
        return new Reply(response.StatusCode, text, warnings, response.Headers.RetryAfter?.Delta);
    }

    public Task<Reply> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<Reply> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public Task<Reply> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<Reply> PatchAsync(string path, string body, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<Reply> DeleteAsync(string path, string? body = null) => SendAsync(HttpMethod.Delete, path, body);

    internal sealed record Reply(HttpStatusCode Code, string Text, IReadOnlyList<string> Warnings, TimeSpan? RetryAfter)
    {
        public JsonObject Json => JsonNode.Parse(Text)!.AsObject();

        public string? At(string dotted)
        {
            JsonNode? node = Json;
            foreach (var part in dotted.Split('.'))
            {
                node = int.TryParse(part, out var i) ? node?[i] : node?[part];
            }

            return node?.ToString();
        }
    }
}
