using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// <c>GET pods/{name}/log</c> as the API server serves it from the pod's kubelet: <c>container</c>, <c>follow</c>,
/// <c>previous</c>, <c>sinceSeconds</c>/<c>sinceTime</c>, <c>timestamps</c>, <c>tailLines</c> and <c>limitBytes</c>,
/// with the API server's errors. The node is asked through its object: a pod whose node has vanished has no logs.
/// </summary>
internal sealed class PodLogEndpoint(ObjectStore store, PodLogRoute route, SandboxApiOptions options)
{
    // How often a followed log is read again for new lines; the kubelet uses inotify, a short poll is as good here.
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    public async Task ServeAsync(HttpContext ctx, string ns, string name)
    {
        var q = ctx.Request.Query;
        var pod = store.Get(BuiltInResources.Pods, ns, name) ?? throw ApiException.NotFound("pods", name);
        var node = pod.ToNode();
        var container = ContainerOf(node, name, q["container"] is [{ Length: > 0 } c] ? c : null);
        var nodeName = JsonNodes.String(node["spec"], "nodeName");
        if (string.IsNullOrEmpty(nodeName))
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        if (store.Get(BuiltInResources.Nodes, "", nodeName) is null)
        {
            throw ApiException.NotFound("nodes", nodeName);
        }

        var previous = Flag(q["previous"]);
        var file = route.Files?.LogFile(pod.Uid, ns, name, container, previous);
        if (file is null)
        {
            throw previous
                ? ApiException.BadRequest($"previous terminated container \"{container}\" in pod \"{name}\" not found")
                : ApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: {WaitingReason(node, container)}");
        }

        var request = LogRequest.From(q, options.Time.GetUtcNow());
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/plain";
        var run = int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var reader = new LogReader(stream);
        var written = new LimitedWriter(ctx.Response.Body, request.LimitBytes);
        var lines = reader.ReadCompleteLines().Where(request.Keeps).ToList();
        if (request.TailLines is { } tail)
        {
            lines = lines.Skip(Math.Max(0, lines.Count - tail)).ToList();
        }

        if (!await written.WriteAsync(lines, request.Timestamps, ctx.RequestAborted) || !Flag(q["follow"]) || previous)
        {
            return;
        }

        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        while (!ctx.RequestAborted.IsCancellationRequested)
        {
            var finished = RunFinished(ns, name, pod.Uid, container, run);
            var more = reader.ReadCompleteLines().Where(request.Keeps).ToList();
            if (!await written.WriteAsync(more, request.Timestamps, ctx.RequestAborted))
            {
                return;
            }

            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
            if (finished)
            {
                // The container's run ended before this read: everything it wrote has been sent.
                return;
            }

            await Task.Delay(FollowPoll, TimeProvider.System, ctx.RequestAborted);
        }
    }

    private static bool Flag(Microsoft.Extensions.Primitives.StringValues value) => value is ["true" or "1"];

    private static string ContainerOf(JsonObject pod, string name, string? asked)
    {
        var spec = pod["spec"];
        var containers = Names(spec?["containers"]);
        var all = Names(spec?["initContainers"]).Concat(containers).ToList();
        if (asked is null)
        {
            return containers.Count == 1
                ? containers[0]
                : throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers)}]");
        }

        return all.Contains(asked, StringComparer.Ordinal)
            ? asked
            : throw ApiException.BadRequest($"container {asked} is not valid for pod {name}");
    }

    private static List<string> Names(JsonNode? list) =>
        list is JsonArray array ? [.. array.Select(c => JsonNodes.String(c, "name") ?? "")] : [];

    private static string WaitingReason(JsonObject pod, string container) =>
        StatusOf(pod, container) is { } status && JsonNodes.String(status["state"]?["waiting"], "reason") is { Length: > 0 } reason
            ? reason
            : "ContainerCreating";

    private static JsonNode? StatusOf(JsonObject pod, string container)
    {
        foreach (var key in new[] { "containerStatuses", "initContainerStatuses" })
        {
            if (pod["status"]?[key] is JsonArray statuses &&
                statuses.FirstOrDefault(s => JsonNodes.String(s, "name") == container) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The followed run of the container is over: it terminated or restarted, or its pod or node is gone.</summary>
    private bool RunFinished(string ns, string name, string uid, string container, int run)
    {
        if (store.Get(BuiltInResources.Pods, ns, name) is not { } current || current.Uid != uid)
        {
            return true;
        }

        var pod = current.ToNode();
        if (JsonNodes.String(pod["spec"], "nodeName") is not { Length: > 0 } nodeName || store.Get(BuiltInResources.Nodes, "", nodeName) is null)
        {
            return true;
        }

        if (JsonNodes.String(pod["status"], "phase") is "Succeeded" or "Failed")
        {
            return true;
        }

        var status = StatusOf(pod, container);
        var restarts = status?["restartCount"] is JsonValue r && r.TryGetValue<int>(out var n) ? n : 0;
        return restarts > run || (restarts == run && status?["state"]?["terminated"] is not null);
    }

    /// <summary>The query of one log request, resolved against the server's clock.</summary>
    private sealed record LogRequest(DateTimeOffset? Since, bool Timestamps, int? TailLines, long? LimitBytes)
    {
        public static LogRequest From(IQueryCollection q, DateTimeOffset now)
        {
            DateTimeOffset? since = null;
            if (q["sinceSeconds"] is [{ } s])
            {
                since = long.TryParse(s, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? now - TimeSpan.FromSeconds(seconds)
                    : throw ApiException.Invalid("PodLogOptions", "", "", [FieldError.Invalid("sinceSeconds", s, "must be greater than 0")]);
            }
            else if (q["sinceTime"] is [{ } t])
            {
                since = CriLogLine.TryParseTime(t, out var at)
                    ? at
                    : throw ApiException.BadRequest($"invalid sinceTime \"{t}\"");
            }

            int? tail = q["tailLines"] is [{ } tl] && int.TryParse(tl, CultureInfo.InvariantCulture, out var lines) && lines >= 0 ? lines : null;
            long? limit = q["limitBytes"] is [{ } lb] && long.TryParse(lb, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes : null;
            return new LogRequest(since, Flag(q["timestamps"]), tail, limit);
        }

        public bool Keeps(CriLogLine line) => Since is not { } since || line.Time >= since;
    }

    /// <summary>Reads whole lines from a log that is still being written, keeping a partial last line for later.</summary>
    private sealed class LogReader(FileStream stream)
    {
        private readonly StringBuilder _pending = new();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public List<CriLogLine> ReadCompleteLines()
        {
            var lines = new List<CriLogLine>();
            var chars = new char[_buffer.Length];
            int read;
            while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                var count = _decoder.GetChars(_buffer, 0, read, chars, 0);
                for (var i = 0; i < count; i++)
                {
                    if (chars[i] == '\n')
                    {
                        lines.Add(CriLogLine.Parse(_pending.ToString()));
                        _pending.Clear();
                    }
                    else
                    {
                        _pending.Append(chars[i]);
                    }
                }
            }

            return lines;
        }
    }

    /// <summary>Writes lines until <c>limitBytes</c> is reached, as the kubelet cuts a log at that size.</summary>
    private sealed class LimitedWriter(Stream body, long? limit)
    {
        private long _written;

        /// <returns>False once the limit is reached: the response ends there.</returns>
        public async Task<bool> WriteAsync(IEnumerable<CriLogLine> lines, bool timestamps, CancellationToken ct)
        {
            foreach (var line in lines)
            {
                var bytes = Encoding.UTF8.GetBytes(timestamps ? $"{line.TimeText} {line.Text}\n" : line.Text + "\n");
                if (limit is { } max && _written + bytes.Length > max)
                {
                    await body.WriteAsync(bytes.AsMemory(0, (int)(max - _written)), ct);
                    _written = max;
                    return false;
                }

                await body.WriteAsync(bytes, ct);
                _written += bytes.Length;
            }

            return true;
        }
    }
}
