using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Jobs;
using Orchestrator.Sandbox.Workloads.Kubelet;
using Orchestrator.Sandbox.Workloads.Scheduling;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>
/// The in-memory API server with the real KubernetesClient and whichever workload components a test
/// needs, on a fast clock. Disposing stops everything and kills every process the kubelet started.
/// </summary>
internal sealed class WorkloadCluster : IAsyncDisposable
{
    public const string Ns = "default";

    private readonly SandboxApiServer _server;
    private readonly List<IAsyncDisposable> _components = [];

    private WorkloadCluster(double timeScale)
    {
        Clock = new TestClock(timeScale);
        _server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { Time = Clock });
        Client = _server.CreateClient();
        Root = Path.Combine(Path.GetTempPath(), "orchestrator-workload-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public TimeProvider Clock { get; }

    public IKubernetes Client { get; }

    /// <summary>A scratch folder of the test, removed on dispose.</summary>
    public string Root { get; }

    public ProcessKubelet? Kubelet { get; private set; }

    public JobController? Jobs { get; private set; }

    public static async Task<WorkloadCluster> StartAsync(
        bool jobs = true, bool scheduler = true, bool kubelet = true, double timeScale = 20, Func<ProcessKubeletOptions, ProcessKubeletOptions>? configure = null)
    {
        var cluster = new WorkloadCluster(timeScale);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            if (kubelet)
            {
                var options = new ProcessKubeletOptions { PodsRoot = Path.Combine(cluster.Root, "pods"), RestartBackoff = TimeSpan.FromSeconds(1) };
                cluster.Kubelet = new ProcessKubelet(cluster.Clock, configure?.Invoke(options) ?? options);
                cluster._components.Add(cluster.Kubelet);
                await cluster.Kubelet.StartAsync(cluster.Client, cts.Token);
            }

            if (scheduler)
            {
                var podScheduler = new PodScheduler(cluster.Clock);
                cluster._components.Add(podScheduler);
                await podScheduler.StartAsync(cluster.Client, cts.Token);
            }

            if (jobs)
            {
                var controller = new JobController(cluster.Clock, random: new Random(7));
                cluster.Jobs = controller;
                cluster._components.Add(controller);
                await controller.StartAsync(cluster.Client, cts.Token);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var component in Enumerable.Reverse(_components))
        {
            await component.DisposeAsync();
        }

        Client.Dispose();
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its kill still holds a file: the temp folder is cleaned by the OS.
        }
    }

    public Task<V1Node> CreateNodeAsync(
        string name, Dictionary<string, string>? labels = null, IList<V1Taint>? taints = null, int gpus = 0, string cpu = "64", int pods = 1000, bool ready = true) =>
        Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string>() },
            Spec = new V1NodeSpec { Taints = taints },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new("256Gi"),
                    ["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ["nvidia.com/gpu"] = new(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        });

    public async Task<V1Pod?> TryGetPodAsync(string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedPodAsync(name, Ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<V1Pod> WaitForPodAsync(string name, Func<V1Pod, bool> condition, string what) =>
        Eventually.GetAsync(async () => await TryGetPodAsync(name) is { } pod && condition(pod) ? pod : null, $"pod {name}: {what}");

    public Task<V1Job> WaitForJobAsync(string name, Func<V1Job, bool> condition, string what) =>
        Eventually.GetAsync(
            async () =>
            {
                var job = await Client.BatchV1.ReadNamespacedJobAsync(name, Ns);
                return condition(job) ? job : null;
            },
            $"job {name}: {what}");

    public async Task<List<V1Pod>> PodsOfJobAsync(string job) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"{JobLabels.JobName}={job}")).Items];

    public static bool HasCondition(V1Job job, string type, string? reason = null) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    /// <summary>Sets the pod's DisruptionTarget condition the way the sandbox's preemption injector does.</summary>
    public async Task MarkDisruptedAsync(string podName)
    {
        for (var attempt = 0; ; attempt++)
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync(podName, Ns);
            pod.Status.Conditions ??= [];
            pod.Status.Conditions.Add(new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "TerminationByKubelet", LastTransitionTime = Clock.GetUtcNow().UtcDateTime });
            try
            {
                await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, podName, Ns);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
                // The kubelet wrote in between: read again.
            }
        }
    }
}
