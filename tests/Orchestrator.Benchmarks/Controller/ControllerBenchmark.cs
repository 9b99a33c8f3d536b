using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Capacity;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Benchmarks.Controller;

/// <summary>
/// Issue 5's benchmark: N active TrainingRuns (one worker, one GPU each) running on simulated containers in the
/// sandbox, reconciled by the real controller as a separate process over HTTP; then preemption notices on several
/// spot nodes at once (16 by default, or a share of them). Measures notice (taint write) → save request (pod annotation write) per pod,
/// reconciles per second, and the controller's memory. See docs/controller.md, Performance.
/// Usage: <c>controller [--runs N] [--preempt-nodes 16 | --preempt-share 0.25] [--gpus-per-node 8] [--steady-seconds 10] [--workers 16] [--admit N]</c>.
/// </summary>
internal static class ControllerBenchmark
{
    private const int CreateParallelism = 16;
    private const string SimulatedTrainer = ProcessKubeletOptions.DefaultSimulatedImagePrefix + "/trainer:1";
    private const string SimulatedAgent = ProcessKubeletOptions.DefaultSimulatedImagePrefix + "/agent:1";
    private static readonly TimeSpan NoProgressLimit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = (int)Option(args, "--runs", 1000);
        var share = Option(args, "--preempt-share", 0);
        var preemptNodes = (int)Option(args, "--preempt-nodes", 16);
        var gpusPerNode = (int)Option(args, "--gpus-per-node", 8);
        var steadySeconds = Option(args, "--steady-seconds", 10);
        var workers = (int)Option(args, "--workers", 16);
        var admitted = Math.Min(runs, (int)Option(args, "--admit", runs));
        var root = FindRepositoryRoot();
        var scratch = Directory.CreateTempSubdirectory("orchestrator-controller-bench-").FullName;
        var total = Stopwatch.StartNew();
        try
        {
            var nodes = (admitted + gpusPerNode - 1) / gpusPerNode;
            Progress(total, $"starting the sandbox: {nodes} spot nodes x {gpusPerNode} GPUs, Kueue quota {admitted} GPUs");
            await using var cluster = await SandboxCluster.StartOnPortAsync(SandboxOptions(root, scratch, admitted, nodes, gpusPerNode));
            var kubeconfig = cluster.WriteKubeconfig(Path.Combine(scratch, "kubeconfig"));
            using var recorder = new ClusterRecorder(cluster.Api, ProviderConventions.AwsNthNoticeTaint);
            var config = Path.Combine(scratch, "controller.yaml");
            await File.WriteAllTextAsync(config, $"agent:\n  image: {SimulatedAgent}\n");
            Progress(total, "starting the controller process");
            using var controller = await ControllerProcess.StartAsync(kubeconfig, config, workers, Path.Combine(scratch, "controller.log"));

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = CreateParallelism }) { BaseAddress = cluster.Api.BaseAddress };
            var setup = Stopwatch.StartNew();
            await CreateRunsAsync(http, runs, total, recorder);
            Progress(total, $"{runs} TrainingRuns created in {setup.Elapsed.TotalSeconds:F1} s; waiting for {admitted} to be Running" + (admitted < runs ? $" and {runs - admitted} Queued" : ""));
            // The sandbox's Kueue was seen to admit one run over the quota (2,001 of 2,000, cause not traced): settled is
            // every run either Running or Queued once at least the admitted share runs.
            await WaitAsync(total, () => recorder.Runs.Running >= admitted
                    ? Math.Min(recorder.Runs.Running + recorder.RunsIn("Queued"), runs)
                    : recorder.Runs.Running + Math.Min(recorder.RunsIn("Queued"), runs - admitted), runs,
                () => $"pods running {recorder.Pods.Running}/{recorder.Pods.Seen}, runs Running {recorder.Runs.Running}/{admitted}, Queued {recorder.RunsIn("Queued")}");
            var setupTime = setup.Elapsed;

            // Steady state: everything runs, nothing changes; the controller only does what its timers ask.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var steadyStart = await controller.ScrapeAsync();
            var steadyClock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(steadySeconds));
            var steadyEnd = await controller.ScrapeAsync();
            var steadyElapsed = steadyClock.Elapsed;
            var steadyMemory = controller.Memory();

            var spot = cluster.NodesOf(SandboxDefaults.SpotPool);
            var victims = spot.Take(Math.Max(1, share > 0 ? (int)Math.Round(spot.Count * share) : preemptNodes)).ToList();
            var podsByNode = victims.ToDictionary(n => n, recorder.RunningPodsOn, StringComparer.Ordinal);
            var pods = podsByNode.Values.SelectMany(p => p).ToList();
            Progress(total, $"steady state measured; preempting {victims.Count} of {spot.Count} spot nodes ({pods.Count} running pods) at once");
            var burstStart = await controller.ScrapeAsync();
            var cpuBefore = (Controller: controller.CpuTime, Sandbox: Process.GetCurrentProcess().TotalProcessorTime);
            var burstClock = Stopwatch.StartNew();
            foreach (var node in victims)
            {
                _ = cluster.PreemptAsync(node);
            }

            await WaitAsync(total, () => pods.Count(p => recorder.SaveRequestedAt(p) is not null), pods.Count, () => $"taints {victims.Count(n => recorder.TaintedAt(n) is not null)}/{victims.Count}", TimeSpan.FromSeconds(180));
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var burstElapsed = burstClock.Elapsed;
            var burstCpu = (Controller: controller.CpuTime - cpuBefore.Controller, Sandbox: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Sandbox);
            var burstEnd = await controller.ScrapeAsync();
            var burstMemory = controller.Memory();

            var latencies = new List<double>();
            var notNotice = 0;
            foreach (var (node, onNode) in podsByNode)
            {
                foreach (var pod in onNode)
                {
                    if (recorder.TaintedAt(node) is { } tainted && recorder.SaveRequestedAt(pod) is { } request)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(tainted, request.At).TotalMilliseconds);
                        notNotice += request.Value.Contains("notice", StringComparison.Ordinal) ? 0 : 1;
                    }
                }
            }

            latencies.Sort();
            Print(new Report(runs, admitted, nodes, gpusPerNode, setupTime, victims.Count, pods.Count, latencies, notNotice,
                Rate(steadyStart, steadyEnd, steadyElapsed), Rate(burstStart, burstEnd, burstElapsed), burstElapsed, burstCpu, load,
                steadyStart, steadyElapsed, steadyEnd, steadyMemory, burstStart, burstEnd, burstMemory, controller.Id, workers));
            Progress(total, "done; stopping");
            return latencies.Count == pods.Count && notNotice == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }

    private static SandboxClusterOptions SandboxOptions(string root, string scratch, int runs, int nodes, int gpusPerNode)
    {
        var pools = SandboxDefaults.Pools(CloudProvider.Aws);
        var kueue = SandboxDefaults.KueueObjects(CloudProvider.Aws);
        foreach (var queue in kueue.Where(o => (string?)o["kind"] == "ClusterQueue"))
        {
            foreach (var flavor in queue["spec"]!["resourceGroups"]![0]!["flavors"]!.AsArray())
            {
                if ((string?)flavor!["name"] == "spot")
                {
                    flavor["resources"] = new JsonArray(
                        new JsonObject { ["name"] = "cpu", ["nominalQuota"] = runs * 2 },
                        new JsonObject { ["name"] = "memory", ["nominalQuota"] = $"{runs * 2}Gi" },
                        new JsonObject { ["name"] = ProviderConventions.GpuResource, ["nominalQuota"] = runs });
                }
            }
        }

        var kueuePath = Path.Combine(scratch, "kueue.yaml");
        File.WriteAllText(kueuePath, string.Join("\n---\n", kueue.Select(o => o.ToJsonString())));
        return new SandboxClusterOptions
        {
            TimeScale = 1,
            CrdDirectory = Path.Combine(root, "crds"),
            KueueSetupPath = kueuePath,
            Pools =
            [
                pools[0] with { Size = nodes, GpusPerNode = gpusPerNode, CpuPerNode = (gpusPerNode * 4).ToString(CultureInfo.InvariantCulture), MemoryPerNode = $"{gpusPerNode * 16}Gi" },
                pools[1] with { Size = 1 },
            ],
            Kubelet = new ProcessKubeletOptions { PodsRoot = Path.Combine(scratch, "pods") },
            Seed = 5,
        };
    }

    private static async Task CreateRunsAsync(HttpClient http, int runs, Stopwatch total, ClusterRecorder recorder)
    {
        const string path = "/apis/" + ApiGroup.Name + "/" + ApiGroup.Version + "/namespaces/default/" + ApiGroup.Plural;
        var created = 0;
        using var progress = new Timer(_ => Progress(total, $"created {Volatile.Read(ref created)}/{runs} TrainingRuns; pods running {recorder.Pods.Running}"), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await Parallel.ForAsync(0, runs, new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism }, async (i, ct) =>
        {
            using var content = new StringContent(RunJson($"run-{i:D5}"), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(path, content, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }

            Interlocked.Increment(ref created);
        });
    }

    /// <summary>One worker with one GPU; no periodic saves within the benchmark, so every save request is the notice's.</summary>
    private static string RunJson(string name) => new JsonObject
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = ApiGroup.Kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["workers"] = 1,
            ["queues"] = new JsonObject { ["spot"] = "spot", ["onDemand"] = "on-demand" },
            ["capacity"] = new JsonObject { ["preferred"] = "Spot" },
            ["checkpoint"] = new JsonObject
            {
                ["storage"] = new JsonObject { ["uri"] = "file:///tmp/orchestrator-bench/checkpoints/" + name },
                ["interval"] = "24h",
            },
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "trainer",
                        ["image"] = SimulatedTrainer,
                        ["args"] = new JsonArray("duration=inf"),
                        ["resources"] = new JsonObject
                        {
                            ["requests"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi", [ProviderConventions.GpuResource] = 1 },
                            ["limits"] = new JsonObject { ["memory"] = "1Gi", [ProviderConventions.GpuResource] = 1 },
                        },
                    }),
                },
            },
        },
    }.ToJsonString();

    private static async Task WaitAsync(Stopwatch total, Func<int> done, int target, Func<string> detail, TimeSpan? limit = null)
    {
        var last = -1;
        var lastChange = Stopwatch.StartNew();
        var printed = Stopwatch.StartNew();
        var overall = Stopwatch.StartNew();
        while (true)
        {
            var now = done();
            if (now >= target)
            {
                return;
            }

            if (now != last)
            {
                last = now;
                lastChange.Restart();
            }

            if (lastChange.Elapsed > NoProgressLimit || (limit is { } l && overall.Elapsed > l))
            {
                Progress(total, $"giving up at {now}/{target}: {detail()}");
                return;
            }

            if (printed.Elapsed > TimeSpan.FromSeconds(5))
            {
                Progress(total, $"{now}/{target}: {detail()}");
                printed.Restart();
            }

            await Task.Delay(20);
        }
    }

    private static double Rate(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, TimeSpan elapsed) =>
        (Reconciles(after) - Reconciles(before)) / Math.Max(elapsed.TotalSeconds, 1e-6);

    private static double Reconciles(IReadOnlyDictionary<string, double> samples) =>
        samples.Where(s => s.Key.StartsWith("orchestrator_reconciles_total{", StringComparison.Ordinal)).Sum(s => s.Value);

    private static void Print(Report r)
    {
        static string Ms(List<double> sorted, double q) =>
            sorted.Count == 0 ? "n/a" : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)].ToString("F0", CultureInfo.InvariantCulture) + " ms";
        static string MiB(double bytes) => (bytes / 1048576).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
        var rows = new List<(string, string, string)>
        {
            ("active TrainingRuns (1 worker, 1 GPU each)", r.Runs.ToString("N0", CultureInfo.InvariantCulture),
                (r.Admitted < r.Runs ? $"{r.Admitted:N0} Running, {r.Runs - r.Admitted:N0} Queued by Kueue; " : "all Running; ") + $"{r.Nodes} spot nodes x {r.GpusPerNode} GPUs; set up in {r.Setup.TotalSeconds:F0} s"),
            ("notices: nodes tainted at once / pods on them", $"{r.Victims} / {r.Pods}", $"{r.Latencies.Count} save requests seen" + (r.NotNotice > 0 ? $", {r.NotNotice} not the notice's" : "")),
            ("notice -> save request, p50", Ms(r.Latencies, 0.50), "taint write -> save-request annotation write, per pod" + (r.Latencies.Count < r.Pods ? $" (of the {r.Latencies.Count} seen within 180 s; the other {r.Pods - r.Latencies.Count} took longer)" : "")),
            ("notice -> save request, p99", Ms(r.Latencies, 0.99), "goal < 1 s"),
            ("notice -> save request, max", Ms(r.Latencies, 1.0), ""),
            ("reconciles/s, steady state", r.SteadyRate.ToString("F1", CultureInfo.InvariantCulture), "orchestrator_reconciles_total"),
            ("work-queue adds/s, steady state, by source", AddsBySource(r.SteadyStart, r.SteadyMetrics, r.SteadyElapsed), "orchestrator_workqueue_adds_total (before deduplication)"),
            ("work-queue adds from start to steady, by source", AddsBySource(new Dictionary<string, double>(StringComparer.Ordinal), r.SteadyMetrics, TimeSpan.FromSeconds(1)).Replace(".0", "", StringComparison.Ordinal), "counts, set-up included"),
            ("urgent-lane adds in the burst", AddsInLane(r.BurstStart, r.BurstMetrics, "urgent").ToString("F0", CultureInfo.InvariantCulture), "preemption signals: taints, DisruptionTarget"),
            ("reconciles/s, notice burst", r.BurstRate.ToString("F1", CultureInfo.InvariantCulture), $"over the {r.Burst.TotalSeconds:F2} s from the first taint to the last request"),
            ("CPU seconds in the burst: controller / sandbox", $"{r.BurstCpu.Controller.TotalSeconds:F1} / {r.BurstCpu.Sandbox.TotalSeconds:F1}", $"the two processes share the {Environment.ProcessorCount} cores; 1-min load average {r.LoadAverage}"),
            ("controller GC heap, steady / after burst", $"{MiB(Sample(r.SteadyMetrics, "dotnet_total_memory_bytes"))} / {MiB(Sample(r.BurstMetrics, "dotnet_total_memory_bytes"))}", "dotnet_total_memory_bytes (managed heap in use)"),
            ("controller working set, steady / after burst", $"{MiB(r.SteadyMemory.Resident)} / {MiB(r.BurstMemory.Resident)}", "VmRSS of the controller process; goal < 200 MiB"),
            ("controller peak working set", MiB(r.BurstMemory.Peak), "VmHWM (includes setup)"),
        };
        Console.WriteLine();
        Console.WriteLine($"Controller at {r.Runs:N0} TrainingRuns: controller process {r.ControllerPid} (Orchestrator.Controller.dll --workers {r.Workers}, {GcMode()} GC) over HTTP against the sandbox on loopback; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"| {"measure",-48} | {"value",-17} | note");
        Console.WriteLine($"|{new string('-', 50)}|{new string('-', 19)}|------");
        foreach (var (what, value, note) in rows)
        {
            Console.WriteLine($"| {what,-48} | {value,-17} | {note}");
        }

        Console.WriteLine();
    }

    private static string GcMode() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Controller.runtimeconfig.json")).Contains("\"System.GC.Server\": true", StringComparison.Ordinal) ? "server" : "workstation";

    private static double Sample(IReadOnlyDictionary<string, double> samples, string name) => samples.GetValueOrDefault(name);

    private static IEnumerable<(string Source, string Lane, double Value)> Adds(IReadOnlyDictionary<string, double> samples)
    {
        foreach (var (key, value) in samples.Where(s => s.Key.StartsWith("orchestrator_workqueue_adds_total{", StringComparison.Ordinal)))
        {
            var source = Label(key, "source");
            var lane = Label(key, "lane");
            yield return (source, lane, value);
        }
    }

    private static string Label(string series, string name)
    {
        var at = series.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return "?";
        }

        var start = at + name.Length + 2;
        return series[start..series.IndexOf('"', start)];
    }

    private static string AddsBySource(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, TimeSpan elapsed)
    {
        var earlier = Adds(before).GroupBy(a => a.Source).ToDictionary(g => g.Key, g => g.Sum(a => a.Value), StringComparer.Ordinal);
        var rates = Adds(after).GroupBy(a => a.Source)
            .Select(g => (Source: g.Key, Rate: (g.Sum(a => a.Value) - earlier.GetValueOrDefault(g.Key)) / Math.Max(elapsed.TotalSeconds, 1e-6)))
            .Where(r => r.Rate >= 0.05)
            .OrderByDescending(r => r.Rate)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Source} {r.Rate:F1}"));
        var text = string.Join(", ", rates);
        return text.Length == 0 ? "none" : text;
    }

    private static double AddsInLane(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, string lane) =>
        Adds(after).Where(a => a.Lane == lane).Sum(a => a.Value) - Adds(before).Where(a => a.Lane == lane).Sum(a => a.Value);

    private static void Progress(Stopwatch total, string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{total.Elapsed.TotalSeconds,6:F1} s] {message}"));

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
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

    private sealed record Report(
        int Runs,
        int Admitted,
        int Nodes,
        int GpusPerNode,
        TimeSpan Setup,
        int Victims,
        int Pods,
        List<double> Latencies,
        int NotNotice,
        double SteadyRate,
        double BurstRate,
        TimeSpan Burst,
        (TimeSpan Controller, TimeSpan Sandbox) BurstCpu,
        string LoadAverage,
        IReadOnlyDictionary<string, double> SteadyStart,
        TimeSpan SteadyElapsed,
        IReadOnlyDictionary<string, double> SteadyMetrics,
        (long Resident, long Peak) SteadyMemory,
        IReadOnlyDictionary<string, double> BurstStart,
        IReadOnlyDictionary<string, double> BurstMetrics,
        (long Resident, long Peak) BurstMemory,
        int ControllerPid,
        int Workers);
}
