using System.Net.Http.Headers;
using System.Text;

namespace Orchestrator.Cli.Kube;

/// <summary>
/// The API server's <c>Warning: 299 - "text"</c> response headers (RFC 7234 warn-text, quotes escaped with a
/// backslash), printed as kubectl does: <c>Warning: unknown field "spec.workerz"</c> on stderr.
/// </summary>
public static class ServerWarnings
{
    public static IReadOnlyList<string> From(HttpResponseHeaders headers) =>
        headers.TryGetValues("Warning", out var values) ? [.. values.Select(Text).Where(t => t.Length > 0)] : [];

    public static async Task PrintAsync(TextWriter error, HttpResponseHeaders headers)
    {
        foreach (var text in From(headers))
        {
            await error.WriteLineAsync($"Warning: {text}");
        }
    }

    /// <summary>The quoted warn-text of one header value; the value itself when it is not in that form.</summary>
    public static string Text(string header)
    {
        var open = header.IndexOf('"', StringComparison.Ordinal);
        if (open < 0)
        {
            return header.Trim();
        }

        var text = new StringBuilder();
        for (var i = open + 1; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '\\' && i + 1 < header.Length)
            {
                text.Append(header[++i]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
