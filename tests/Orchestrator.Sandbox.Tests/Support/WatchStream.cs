using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>A raw watch response read line by line, each with a deadline so a missing event fails the test instead of hanging it.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<WatchStream> OpenAsync(HttpClient http, string pathAndQuery, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchStream(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonObject?> NextAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var line = await _reader.ReadLineAsync(cts.Token);
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    public async Task<(string Type, string? Name)> NextTypeAndNameAsync()
    {
        var e = await NextAsync() ?? throw new InvalidOperationException("the watch ended");
        return (e["type"]!.GetValue<string>(), e["object"]?["metadata"]?["name"]?.GetValue<string>());
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
