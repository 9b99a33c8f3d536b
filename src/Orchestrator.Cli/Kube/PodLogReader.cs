using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;

namespace Orchestrator.Cli.Kube;

/// <summary>
/// Reads one pod's log through the API server (<c>pods/{name}/log</c>). Lines are always asked for with timestamps,
/// so a follow that the connection cut can resume after the last line it printed, and <c>--since</c> holds exactly.
/// </summary>
public sealed class PodLogReader(IKubernetes client, string ns, RankPod pod, string container, bool timestamps, DateTimeOffset? since)
{
    private DateTimeOffset? _last;
    private int _countAtLast;
    private int _skipAtLast;

    /// <summary>Why the log could not be read, in the API server's words, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The server refused the request as a bad one (400): for a pod not yet started, "try again later".</summary>
    public bool Refused { get; private set; }

    /// <summary>Writes the log (from where the previous call stopped), following it while <paramref name="follow"/>.</summary>
    /// <returns>False when the log cannot be read (see <see cref="Problem"/> and <see cref="Refused"/>).</returns>
    public async Task<bool> CopyAsync(Func<string, Task> write, bool follow, CancellationToken ct)
    {
        Problem = null;
        Refused = false;
        _skipAtLast = _countAtLast;
        Stream stream;
        try
        {
            stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Name, ns, container: container, follow: follow, timestamps: true,
                cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            Problem = Message(e);
            Refused = e.Response.StatusCode == HttpStatusCode.BadRequest;
            return false;
        }
        catch (HttpRequestException e)
        {
            throw ApiErrors.Unreachable(client.BaseUri, e);
        }

        await using (stream)
        {
            using var reader = new StreamReader(stream);
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    await WriteLineAsync(line, write);
                }
            }
            catch (IOException) when (follow && !ct.IsCancellationRequested)
            {
                // The connection was cut (a client timeout, a proxy): the caller reads again from the last line.
            }
        }

        return true;
    }

    private async Task WriteLineAsync(string line, Func<string, Task> write)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var stamp = space > 0 ? line[..space] : "";
        var text = space > 0 ? line[(space + 1)..] : line;
        if (!TryParseTime(stamp, out var at))
        {
            await write($"{pod.Prefix} {line}");
            return;
        }

        if (since is { } from && at < from)
        {
            return;
        }

        // Lines up to the last one printed were already shown by an earlier read of the same log.
        if (_last is { } last)
        {
            if (at < last)
            {
                return;
            }

            if (at == last && _skipAtLast > 0)
            {
                _skipAtLast--;
                return;
            }
        }

        if (_last == at)
        {
            _countAtLast++;
        }
        else
        {
            _last = at;
            _countAtLast = 1;
            _skipAtLast = 0;
        }

        await write(timestamps ? $"{pod.Prefix} {stamp} {text}" : $"{pod.Prefix} {text}");
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        // Go writes up to nine fractional digits; .NET reads seven.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var trimmed = dot > 0 && text.EndsWith('Z') && text.Length - dot - 2 > 7 ? text[..(dot + 8)] + "Z" : text;
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static string Message(HttpOperationException e)
    {
        try
        {
            var status = KubernetesJson.Deserialize<k8s.Models.V1Status>(e.Response.Content);
            return string.IsNullOrEmpty(status.Message) ? e.Response.Content : status.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Response.Content;
        }
    }
}
