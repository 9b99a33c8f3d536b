using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Sandbox.Tests.Support;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>
/// <c>pods/{name}/log</c> as a kubelet serves it through the API server, read with the real kubectl and the real
/// client: current and previous runs, tailLines, timestamps, sinceTime, follow until the container exits, and
/// nothing once the pod's node has vanished.
/// </summary>
public sealed class PodLogTests
{
    private const string Node = "node-logs";

    [Fact]
    public async Task Kubectl_reads_the_current_and_the_previous_run_with_tail_and_timestamps()
    {
        await using var rig = await Rig.StartAsync();
        // The first run fails, the second succeeds: restartPolicy OnFailure keeps both logs.
        var marker = Path.Combine(rig.Root, "ran-once");
        await rig.StartPodAsync("restarts", $"if [ -e {marker} ]; then echo second-a; echo second-b; exit 0; fi; touch {marker}; echo first-run; exit 1", "OnFailure");
        await rig.WaitForPodAsync("restarts", p => p.Status?.Phase == "Succeeded");

        var current = await rig.Kubectl.RunAsync("logs", "restarts");
        var previous = await rig.Kubectl.RunAsync("logs", "restarts", "--previous");
        var tail = await rig.Kubectl.RunAsync("logs", "restarts", "--tail=1", "--timestamps");

        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.Equal("second-a\nsecond-b\n", current.Stdout);
        Assert.True(previous.ExitCode == 0, previous.ToString());
        Assert.Equal("first-run\n", previous.Stdout);
        var line = tail.Stdout.TrimEnd('\n');
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z second-b$", line);
    }

    [Fact]
    public async Task Since_time_keeps_the_lines_written_from_then_on()
    {
        await using var rig = await Rig.StartAsync();
        await rig.StartPodAsync("since", "echo a; sleep 0.05; echo b; sleep 0.05; echo c", "Never");
        await rig.WaitForPodAsync("since", p => p.Status?.Phase == "Succeeded");
        var stamped = await rig.ReadLogAsync("since", timestamps: true);
        var second = stamped.Split('\n')[1].Split(' ')[0];

        var from = await rig.Server.CreateHttpClient().GetStringAsync($"/api/v1/namespaces/default/pods/since/log?sinceTime={Uri.EscapeDataString(second)}");

        Assert.Equal("b\nc\n", from);
    }

    [Fact]
    public async Task Kubectl_follow_streams_new_lines_and_ends_when_the_container_exits()
    {
        await using var rig = await Rig.StartAsync();
        var gate = Path.Combine(rig.Root, "gate");
        await rig.StartPodAsync("follow", $"echo one; while [ ! -e {gate} ]; do sleep 0.05; done; echo two", "Never");
        await rig.WaitForPodAsync("follow", p => p.Status?.ContainerStatuses?.Any(s => s.State?.Running is not null) == true);

        var follow = rig.Kubectl.RunAsync("logs", "-f", "follow");
        await Eventually.TrueAsync(async () => (await rig.ReadLogAsync("follow")).Contains("one", StringComparison.Ordinal), "the first line");
        await File.WriteAllTextAsync(gate, "");
        var result = await follow;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("one\ntwo\n", result.Stdout);
    }

    [Fact]
    public async Task The_api_server_names_what_is_wrong()
    {
        await using var rig = await Rig.StartAsync();
        await rig.StartPodAsync("errors", "echo only", "Never");
        await rig.WaitForPodAsync("errors", p => p.Status?.Phase == "Succeeded");

        var unknown = await Assert.ThrowsAsync<HttpOperationException>(() => rig.Client.CoreV1.ReadNamespacedPodLogAsync("errors", "default", container: "nope"));
        var noPrevious = await Assert.ThrowsAsync<HttpOperationException>(() => rig.Client.CoreV1.ReadNamespacedPodLogAsync("errors", "default", previous: true));
        var noPod = await Assert.ThrowsAsync<HttpOperationException>(() => rig.Client.CoreV1.ReadNamespacedPodLogAsync("missing", "default"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.Response.StatusCode);
        Assert.Contains("container nope is not valid for pod errors", unknown.Response.Content, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noPrevious.Response.StatusCode);
        Assert.Contains("previous terminated container \\\"c\\\" in pod \\\"errors\\\" not found", noPrevious.Response.Content, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noPod.Response.StatusCode);
    }

    [Fact]
    public async Task Logs_of_a_pod_whose_node_vanished_are_gone()
    {
        await using var rig = await Rig.StartAsync();
        await rig.StartPodAsync("orphan", "echo before the node went", "Never");
        await rig.WaitForPodAsync("orphan", p => p.Status?.Phase == "Succeeded");
        Assert.Equal("before the node went\n", await rig.ReadLogAsync("orphan"));

        await rig.Client.CoreV1.DeleteNodeAsync(Node);
        var gone = await rig.Kubectl.RunAsync("logs", "orphan");

        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains($"nodes \"{Node}\" not found", gone.Stderr, StringComparison.Ordinal);
    }

    /// <summary>An API server on a port with one node and a process kubelet behind it.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(SandboxApiServer server, ProcessKubelet kubelet, string root)
        {
            Server = server;
            Kubelet = kubelet;
            Root = root;
            Client = server.CreateClient();
            Kubectl = new Kubectl(server.WriteKubeconfig(Path.Combine(root, "kubeconfig")));
        }

        public SandboxApiServer Server { get; }

        public ProcessKubelet Kubelet { get; }

        public IKubernetes Client { get; }

        public Kubectl Kubectl { get; }

        public string Root { get; }

        public static async Task<Rig> StartAsync()
        {
            var root = Directory.CreateTempSubdirectory("sandbox-pod-logs-").FullName;
            var server = await SandboxApiServer.StartAsync(new SandboxApiOptions());
            var kubelet = new ProcessKubelet(TimeProvider.System, new ProcessKubeletOptions { PodsRoot = Path.Combine(root, "pods"), RestartBackoff = TimeSpan.FromMilliseconds(100) });
            server.PodLogs = kubelet;
            var rig = new Rig(server, kubelet, root);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await kubelet.StartAsync(rig.Client, cts.Token);
            await rig.Client.CoreV1.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta { Name = Node },
                Status = new V1NodeStatus
                {
                    Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8"), ["memory"] = new("16Gi"), ["pods"] = new("100") },
                    Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
                },
            });
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Kubelet.DisposeAsync();
            Client.Dispose();
            await Server.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }

        public async Task StartPodAsync(string name, string script, string restartPolicy)
        {
            var pod = Pods.Pod(name, Pods.Sh("c", script));
            pod.Spec.RestartPolicy = restartPolicy;
            pod.Spec.NodeName = Node;
            await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        }

        public Task WaitForPodAsync(string name, Func<V1Pod, bool> condition) =>
            Eventually.TrueAsync(async () => condition(await Client.CoreV1.ReadNamespacedPodAsync(name, "default")), $"pod {name}");

        public async Task<string> ReadLogAsync(string name, bool timestamps = false)
        {
            await using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(name, "default", timestamps: timestamps);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }
}
