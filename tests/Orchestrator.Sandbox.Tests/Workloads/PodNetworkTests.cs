using System.Text.Json;
using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>
/// The pods of an Indexed Job with a headless Service find each other by DNS name and talk over TCP, as
/// torch.distributed's rendezvous does; two such Jobs on the same port at once do not collide.
/// </summary>
public sealed class PodNetworkTests
{
    // Worker 0 listens on MASTER_PORT on every address (as PyTorch's TCPStore does); worker 1 connects to worker 0's
    // DNS name and gets an answer. Each writes what it saw of the network.
    private const string Ring = """
        import json, os, socket, time
        index = int(os.environ["JOB_COMPLETION_INDEX"])
        port = int(os.environ["MASTER_PORT"])
        seen = {"hostname": socket.gethostname(), "self": socket.gethostbyname(socket.gethostname()), "port": port}
        if index == 0:
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.bind(("0.0.0.0", port))
            server.listen(1)
            peer, _ = server.accept()
            seen["heard"] = peer.recv(100).decode()
            peer.sendall(("hello " + seen["heard"]).encode())
        else:
            deadline = time.time() + 60
            while True:
                try:
                    seen["master"] = socket.gethostbyname(os.environ["MASTER_ADDR"])
                    peer = socket.create_connection((os.environ["MASTER_ADDR"], port), timeout=5)
                    break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.05)
            peer.sendall(socket.gethostname().encode())
            seen["reply"] = peer.recv(100).decode()
        with open(os.path.join(os.environ["OUT"], f"{os.environ['JOB']}-{index}.json"), "w") as f:
            json.dump(seen, f)
        """;

    [Fact]
    public async Task Workers_of_a_job_reach_worker_0_by_name_and_two_jobs_on_one_port_do_not_collide()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var output = Path.Combine(cluster.Root, "out");
        Directory.CreateDirectory(output);

        foreach (var name in new[] { "ring-a", "ring-b" })
        {
            await cluster.Client.CoreV1.CreateNamespacedServiceAsync(HeadlessService(name), WorkloadCluster.Ns);
        }

        foreach (var name in new[] { "ring-a", "ring-b" })
        {
            await cluster.Client.BatchV1.CreateNamespacedJobAsync(RingJob(name, output), WorkloadCluster.Ns);
        }

        foreach (var name in new[] { "ring-a", "ring-b" })
        {
            var job = await cluster.WaitForJobAsync(name, j => WorkloadCluster.HasCondition(j, "Complete") || WorkloadCluster.HasCondition(j, "Failed"), "finished");
            Assert.True(WorkloadCluster.HasCondition(job, "Complete"), KubernetesJson.Serialize(job.Status) + await LogsAsync(cluster, name));
        }

        var a0 = Read(output, "ring-a-0");
        var a1 = Read(output, "ring-a-1");
        var b0 = Read(output, "ring-b-0");
        Assert.Equal("ring-a-1", a0.GetProperty("heard").GetString());
        Assert.Equal("hello ring-a-1", a1.GetProperty("reply").GetString());
        Assert.Equal("ring-a-0", a0.GetProperty("hostname").GetString());
        Assert.Equal(a0.GetProperty("self").GetString(), a1.GetProperty("master").GetString());
        Assert.NotEqual(a0.GetProperty("self").GetString(), a1.GetProperty("self").GetString());
        Assert.StartsWith("127.", a0.GetProperty("self").GetString(), StringComparison.Ordinal);
        Assert.Equal("hello ring-b-1", Read(output, "ring-b-1").GetProperty("reply").GetString());
        Assert.NotEqual(a0.GetProperty("port").GetInt32(), b0.GetProperty("port").GetInt32());

        var pod = (await cluster.PodsOfJobAsync("ring-a")).Single(p => p.Spec.Hostname == "ring-a-0");
        Assert.Equal(a0.GetProperty("self").GetString(), pod.Status.PodIP);
    }

    private static V1Service HeadlessService(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = WorkloadCluster.Ns },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Selector = new Dictionary<string, string> { ["ring"] = name },
            PublishNotReadyAddresses = true,
            Ports = [new V1ServicePort { Name = "rendezvous", Port = 29500 }],
        },
    };

    private static V1Job RingJob(string name, string output)
    {
        var worker = Pods.Python("worker", Ring);
        worker.Env =
        [
            new V1EnvVar { Name = "OUT", Value = "/out" },
            new V1EnvVar { Name = "JOB", Value = name },
            new V1EnvVar { Name = "MASTER_ADDR", Value = $"{name}-0.{name}" },
            new V1EnvVar { Name = "MASTER_PORT", Value = "29500" },
        ];
        worker.VolumeMounts = [new V1VolumeMount { Name = "out", MountPath = "/out" }];
        var template = Pods.Template(worker);
        template.Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["ring"] = name } };
        template.Spec.Subdomain = name;
        template.Spec.Volumes = [new V1Volume { Name = "out", HostPath = new V1HostPathVolumeSource { Path = output } }];
        return new V1Job
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = WorkloadCluster.Ns },
            Spec = new V1JobSpec { Template = template, CompletionMode = "Indexed", Completions = 2, Parallelism = 2, BackoffLimit = 0 },
        };
    }

    private static JsonElement Read(string output, string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(output, name + ".json"))).RootElement;

    private static async Task<string> LogsAsync(WorkloadCluster cluster, string job) =>
        string.Join("\n", (await cluster.PodsOfJobAsync(job)).Select(p => $"{p.Metadata.Name}: {KubernetesJson.Serialize(p.Status)}\n{cluster.Kubelet!.ReadLog(WorkloadCluster.Ns, p.Metadata.Name, "worker")}"));
}
