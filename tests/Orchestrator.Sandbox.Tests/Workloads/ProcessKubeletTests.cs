using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class ProcessKubeletTests
{
    private const string WriteSeen = """
        import json, os, sys
        seen = {"env": dict(os.environ), "argv": sys.argv[1:], "cwd": os.getcwd()}
        seen["init"] = open(os.path.join(os.environ["SCRATCH"], "from-init")).read().strip()
        print("hello from", os.environ["POD_NAME"])
        with open(os.environ["SCRATCH"] + "/seen.json", "w") as f:
            json.dump(seen, f)
        """;

    [Fact]
    public async Task Process_sees_resolved_env_and_host_paths_of_its_volumes()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("s3cret") } }, WorkloadCluster.Ns);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast" } }, WorkloadCluster.Ns);

        var main = Pods.Python("main", WriteSeen);
        main.Args = ["--out=/scratch/model", "/scratch/data"];
        main.WorkingDir = "/scratch";
        main.VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/scratch" }];
        main.Env =
        [
            new V1EnvVar { Name = "SCRATCH", Value = "/scratch" },
            new V1EnvVar { Name = "CKPT", Value = "/scratch/ckpt/latest" },
            new V1EnvVar { Name = "NOT_A_MOUNT", Value = "/scratchpad/x" },
            new V1EnvVar { Name = "POD_NAME", ValueFrom = Field("metadata.name") },
            new V1EnvVar { Name = "POD_NS", ValueFrom = Field("metadata.namespace") },
            new V1EnvVar { Name = "POD_UID", ValueFrom = Field("metadata.uid") },
            new V1EnvVar { Name = "TEAM", ValueFrom = Field("metadata.labels['team']") },
            new V1EnvVar { Name = "NOTE", ValueFrom = Field("metadata.annotations['note']") },
            new V1EnvVar { Name = "NODE", ValueFrom = Field("spec.nodeName") },
            new V1EnvVar { Name = "POD_IP", ValueFrom = Field("status.podIP") },
            new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "token" } } },
            new V1EnvVar { Name = "MODE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "mode" } } },
            new V1EnvVar { Name = "GREETING", Value = "team-$(TEAM)" },
        ];
        // Paths inside a script are not rewritten (only whole values are): scripts take them from env.
        var init = Pods.Sh("init", "echo prepared > \"$DIR/from-init\"");
        init.Env = [new V1EnvVar { Name = "DIR", Value = "/work" }];
        init.VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/work" }];
        var pod = Pods.Pod("env-pod", main);
        pod.Metadata.Labels = new Dictionary<string, string> { ["team"] = "ml" };
        pod.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "hi" };
        pod.Spec.InitContainers = [init];
        pod.Spec.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }];

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync(
            "env-pod", p => p.Status?.Phase is "Succeeded" or "Failed" && p.Metadata.Finalizers is null or [], "finished and released");

        Assert.True(done.Status.Phase == "Succeeded", KubernetesJson.Serialize(done.Status) + cluster.Kubelet!.ReadLog(WorkloadCluster.Ns, "env-pod", "main"));
        var host = Path.Combine(cluster.Kubelet!.PodFolderOf(WorkloadCluster.Ns, "env-pod")!, "volumes", "scratch");
        using var seen = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(host, "seen.json")));
        var env = seen.RootElement.GetProperty("env");
        string Env(string name) => env.GetProperty(name).GetString()!;
        Assert.Equal(host, Env("SCRATCH"));
        Assert.Equal(host + "/ckpt/latest", Env("CKPT"));
        Assert.Equal("/scratchpad/x", Env("NOT_A_MOUNT"));
        Assert.Equal("env-pod", Env("POD_NAME"));
        Assert.Equal(WorkloadCluster.Ns, Env("POD_NS"));
        Assert.Equal(created.Metadata.Uid, Env("POD_UID"));
        Assert.Equal("ml", Env("TEAM"));
        Assert.Equal("hi", Env("NOTE"));
        Assert.Equal("node-a", Env("NODE"));
        Assert.Equal("127.0.0.1", Env("POD_IP"));
        Assert.Equal("s3cret", Env("TOKEN"));
        Assert.Equal("fast", Env("MODE"));
        Assert.Equal("team-ml", Env("GREETING"));
        Assert.Equal([$"--out={host}/model", $"{host}/data"], seen.RootElement.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(host, seen.RootElement.GetProperty("cwd").GetString());
        Assert.Equal("prepared", seen.RootElement.GetProperty("init").GetString());
        Assert.Contains("hello from env-pod", cluster.Kubelet.ReadLog(WorkloadCluster.Ns, "env-pod", "main"), StringComparison.Ordinal);

        var initStatus = Assert.Single(done.Status.InitContainerStatuses);
        Assert.Equal(0, initStatus.State.Terminated.ExitCode);
        var mainStatus = Pods.Status(done, "main");
        Assert.Equal(0, mainStatus.State.Terminated.ExitCode);
        Assert.Equal("Completed", mainStatus.State.Terminated.Reason);
        Assert.NotNull(mainStatus.State.Terminated.StartedAt);
        Assert.NotNull(mainStatus.State.Terminated.FinishedAt);
        Assert.Equal("127.0.0.1", done.Status.PodIP);
        Assert.NotNull(done.Status.StartTime);
        Assert.Contains(done.Status.Conditions, c => c.Type == "Initialized" && c.Status == "True");
        Assert.Contains(done.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        Assert.Contains(done.Status.Conditions, c => c.Type == "Ready" && c.Status == "False" && c.Reason == "PodCompleted");
        Assert.DoesNotContain(ProcessKubeletOptions.DefaultFinalizer, done.Metadata.Finalizers ?? []);
    }

    [Fact]
    public async Task OnFailure_restarts_a_failed_container_and_records_its_last_state()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        var flaky = Pods.Sh("flaky", "if [ -f \"$STATE/failed-once\" ]; then exit 0; fi; touch \"$STATE/failed-once\"; exit 5");
        flaky.Env = [new V1EnvVar { Name = "STATE", Value = "/state" }];
        flaky.VolumeMounts = [new V1VolumeMount { Name = "state", MountPath = "/state" }];
        var pod = Pods.Pod("flaky", flaky);
        pod.Spec.RestartPolicy = "OnFailure";
        pod.Spec.Volumes = [new V1Volume { Name = "state", EmptyDir = new V1EmptyDirVolumeSource() }];

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync("flaky", p => p.Status?.Phase is "Succeeded" or "Failed", "finished");

        Assert.Equal("Succeeded", done.Status.Phase);
        var status = Pods.Status(done, "flaky");
        Assert.Equal(1, status.RestartCount);
        Assert.Equal(5, status.LastState.Terminated.ExitCode);
        Assert.Equal(0, status.State.Terminated.ExitCode);
    }

    [Fact]
    public async Task Failed_init_container_fails_the_pod_without_starting_its_containers()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        var pod = Pods.Pod("bad-init", Pods.Sh("main", "echo never"));
        pod.Spec.InitContainers = [Pods.Sh("setup", "exit 9")];

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync("bad-init", p => p.Status?.Phase is "Succeeded" or "Failed", "finished");

        Assert.Equal("Failed", done.Status.Phase);
        Assert.Equal(9, Assert.Single(done.Status.InitContainerStatuses).State.Terminated.ExitCode);
        Assert.Equal("PodInitializing", Pods.Status(done, "main").State.Waiting.Reason);
        Assert.Contains(done.Status.Conditions, c => c.Type == "Initialized" && c.Status == "False");
    }

    [Fact]
    public async Task Simulated_sidecar_runs_beside_the_main_container_until_it_is_stopped_after_it()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");
        var agent = Pods.SimulatedContainer("agent", "sidecar");
        agent.RestartPolicy = "Always";
        var pod = Pods.Pod("with-sidecar", Pods.SimulatedContainer("main", "duration=2"));
        pod.Spec.InitContainers = [Pods.SimulatedContainer("restore", "restore"), agent];
        // The pod-wide annotation scripts the main container; it must not make the sidecar end and restart.
        pod.Metadata.Annotations = new Dictionary<string, string> { ["sandbox.orchestrator.dev/simulated-duration-seconds"] = "1" };

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync("with-sidecar", p => p.Status?.Phase is "Succeeded" or "Failed", "finished");

        Assert.Equal("Succeeded", done.Status.Phase);
        var sidecar = done.Status.InitContainerStatuses.Single(s => s.Name == "agent");
        Assert.Equal((0, 143), (sidecar.RestartCount, sidecar.State.Terminated.ExitCode));
        Assert.Equal(0, done.Status.InitContainerStatuses.Single(s => s.Name == "restore").State.Terminated.ExitCode);
    }

    [Fact]
    public async Task Missing_command_program_is_a_start_error_with_exit_code_128()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false);
        await cluster.CreateNodeAsync("node-a");

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("typo", Pods.Container("main", "img", "/no/such/program")), WorkloadCluster.Ns);
        var done = await cluster.WaitForPodAsync("typo", p => p.Status?.Phase is "Succeeded" or "Failed", "finished");

        var terminated = Pods.Status(done, "main").State.Terminated;
        Assert.Equal((128, "StartError"), (terminated.ExitCode, terminated.Reason));
        Assert.Contains("/no/such/program", terminated.Message, StringComparison.Ordinal);
    }

    private static V1EnvVarSource Field(string path) => new() { FieldRef = new V1ObjectFieldSelector { FieldPath = path } };
}
