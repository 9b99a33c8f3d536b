using k8s.Models;

namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>Small builders for the pod specs the tests use.</summary>
internal static class Pods
{
    public const string Simulated = "sandbox.local/simulated/trainer:1";

    public static V1Container Container(string name, string image, params string[] command) =>
        new() { Name = name, Image = image, Command = command.Length == 0 ? null : command };

    public static V1Container Sh(string name, string script) => Container(name, "busybox", "sh", "-c", script);

    public static V1Container Python(string name, string script) => Container(name, "python:3.11", "python3", "-c", script);

    public static V1Container SimulatedContainer(string name, params string[] args) => new() { Name = name, Image = Simulated, Args = args };

    public static V1Pod Pod(string name, params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = WorkloadCluster.Ns },
        Spec = new V1PodSpec { Containers = containers, RestartPolicy = "Never" },
    };

    public static V1PodTemplateSpec Template(params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta(),
        Spec = new V1PodSpec { Containers = containers, RestartPolicy = "Never" },
    };

    public static V1ContainerStatus Status(V1Pod pod, string container) =>
        pod.Status!.ContainerStatuses!.Single(s => s.Name == container);

    public static int? ExitCode(V1Pod pod, string container) =>
        pod.Status?.ContainerStatuses?.SingleOrDefault(s => s.Name == container)?.State?.Terminated?.ExitCode;
}
