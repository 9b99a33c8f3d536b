using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Orchestrator.Sandbox;

namespace Orchestrator.Benchmarks.Sandbox;

/// <summary>
/// Issue 3's sandbox benchmark: create, list and watch fan-out throughput over HTTP (Kestrel on loopback)
/// for TrainingRuns and pods, and resident memory. Usage: <c>sandbox [--runs N] [--pods N] [--watchers N]</c>.
/// </summary>
internal static class SandboxApiBenchmark
{
    private const int Parallelism = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 10_000);
        var pods = Option(args, "--pods", 40_000);
        var watchers = Option(args, "--watchers", 5);
        var root = FindRepositoryRoot();
        await using var server = await SandboxApiServer.StartAsync(new SandboxApiOptions { CrdDirectory = Path.Combine(root, "crds") });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = server.BaseAddress };
        var runJson = Orchestrator.Sandbox.Json.YamlJson.ParseSingle(File.ReadAllText(Path.Combine(root, "samples", "quickstart.yaml")))!
            .ToJsonString().Replace("\"name\":\"quickstart\"", "\"name\":\"{NAME}\"", StringComparison.Ordinal);
        var rows = new List<(string What, int Count, TimeSpan Elapsed, string Note)>();

        const string runsPath = "/apis/orchestrator.dev/v1alpha1/namespaces/default/trainingruns";
        rows.Add(("create TrainingRun (schema + CEL)", runs, await TimeAsync(runs, i => PostAsync(http, runsPath, runJson.Replace("{NAME}", $"run-{i:D6}", StringComparison.Ordinal))), ""));
        rows.Add(("create Pod", pods, await TimeAsync(pods, i => PostAsync(http, "/api/v1/namespaces/default/pods", PodJson(i))), ""));

        var (runListTime, runBytes) = await ListAsync(http, runsPath);
        rows.Add(("list all TrainingRuns", runs, runListTime, $"{runBytes / 1024 / 1024.0:F1} MiB"));
        var (podListTime, podBytes) = await ListAsync(http, "/api/v1/namespaces/default/pods");
        rows.Add(("list all Pods", pods, podListTime, $"{podBytes / 1024 / 1024.0:F1} MiB"));
        var (selectTime, _) = await ListAsync(http, "/api/v1/namespaces/default/pods?labelSelector=worker%3D0&fieldSelector=status.phase%3DPending");
        rows.Add(("list Pods by label+field selector", pods, selectTime, "1/4 selected"));
        var pagedTime = await PagedListAsync(http, "/api/v1/namespaces/default/pods", 500);
        rows.Add(("list all Pods in pages of 500", pods, pagedTime, ""));

        var updates = Math.Min(pods, 10_000);
        var fanOut = await WatchFanOutAsync(http, watchers, updates);
        rows.Add(($"status patch with {watchers} pod watchers", updates, fanOut.Writes, ""));
        rows.Add(($"watch events delivered ({watchers} watchers)", updates * watchers, fanOut.Delivered, "until the last watcher has all"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var resident = Process.GetCurrentProcess().WorkingSet64;

        Console.WriteLine($"Sandbox API server: {runs:N0} TrainingRuns, {pods:N0} pods, {watchers} watchers, {Parallelism} concurrent HTTP clients, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"| {"operation",-42} | {"objects",9} | {"seconds",8} | {"per second",11} | note");
        Console.WriteLine($"|{new string('-', 44)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 13)}|------");
        foreach (var (what, count, elapsed, note) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {what,-42} | {count,9:N0} | {elapsed.TotalSeconds,8:F2} | {count / Math.Max(elapsed.TotalSeconds, 1e-6),11:N0} | {note}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory after load: managed heap {managed / 1024 / 1024.0:F0} MiB, process resident {resident / 1024 / 1024.0:F0} MiB (server and benchmark client share the process)"));
        return 0;
    }

    private static string PodJson(int i) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-" + i.ToString("D6", CultureInfo.InvariantCulture) +
        "\",\"labels\":{\"orchestrator.dev/run\":\"run-" + (i / 4).ToString("D6", CultureInfo.InvariantCulture) + "\",\"worker\":\"" + (i % 4).ToString(CultureInfo.InvariantCulture) +
        "\"}},\"spec\":{\"containers\":[{\"name\":\"trainer\",\"image\":\"python:3.11-slim\",\"command\":[\"python3\",\"train.py\"],\"resources\":{\"limits\":{\"nvidia.com/gpu\":\"1\"}}}]}}";

    private static async Task<TimeSpan> TimeAsync(int count, Func<int, Task> action)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) => await action(i));
        return watch.Elapsed;
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(TimeSpan, long)> ListAsync(HttpClient http, string path)
    {
        var watch = Stopwatch.StartNew();
        var bytes = await http.GetByteArrayAsync(path);
        return (watch.Elapsed, bytes.LongLength);
    }

    private static async Task<TimeSpan> PagedListAsync(HttpClient http, string path, int limit)
    {
        var watch = Stopwatch.StartNew();
        string? token = null;
        do
        {
            var page = await http.GetStringAsync($"{path}?limit={limit}" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            using var doc = System.Text.Json.JsonDocument.Parse(page);
            token = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
        }
        while (token is not null);
        return watch.Elapsed;
    }

    private static async Task<(TimeSpan Writes, TimeSpan Delivered)> WatchFanOutAsync(HttpClient http, int watchers, int updates)
    {
        using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/namespaces/default/pods?limit=1"));
        var rv = list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var streams = new List<HttpResponseMessage>();
        var readers = new List<Task>();
        for (var w = 0; w < watchers; w++)
        {
            var response = await http.GetAsync($"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            streams.Add(response);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            readers.Add(Task.Run(async () =>
            {
                for (var seen = 0; seen < updates; seen++)
                {
                    _ = await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("watch ended early");
                }
            }, cts.Token));
        }

        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, updates, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
        {
            using var content = new StringContent("{\"status\":{\"phase\":\"Running\"}}", Encoding.UTF8, "application/merge-patch+json");
            using var response = await http.PatchAsync($"/api/v1/namespaces/default/pods/pod-{i:D6}/status", content, ct);
            response.EnsureSuccessStatusCode();
        });
        var writes = watch.Elapsed;
        await Task.WhenAll(readers);
        var delivered = watch.Elapsed;
        foreach (var s in streams)
        {
            s.Dispose();
        }

        return (writes, delivered);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (Orchestrator.sln not found)");
    }
}
