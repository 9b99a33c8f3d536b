using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class PodSchedulerTests
{
    [Fact]
    public async Task Pod_goes_to_the_node_matching_its_node_selector()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false, kubelet: false);
        await cluster.CreateNodeAsync("on-demand", new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "on-demand" });
        await cluster.CreateNodeAsync("spot", new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot" });
        var pod = Pods.Pod("picky", Pods.SimulatedContainer("main"));
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["karpenter.sh/capacity-type"] = "spot" };

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var bound = await cluster.WaitForPodAsync("picky", p => !string.IsNullOrEmpty(p.Spec.NodeName), "bound");

        Assert.Equal("spot", bound.Spec.NodeName);
        await cluster.WaitForPodAsync("picky", p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True") == true, "PodScheduled");
    }

    [Fact]
    public async Task Pod_matching_no_node_is_unschedulable_and_is_bound_once_a_node_fits()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false, kubelet: false);
        await cluster.CreateNodeAsync("cpu-only");
        var pod = Pods.Pod("gpu-hungry", Pods.SimulatedContainer("main"));
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") } };

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        var pending = await cluster.WaitForPodAsync(
            "gpu-hungry", p => Scheduled(p)?.Message == "0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", "unschedulable for want of a GPU");
        Assert.Equal(("False", "Unschedulable"), (Scheduled(pending)!.Status, Scheduled(pending)!.Reason));

        await cluster.CreateNodeAsync("gpu", gpus: 1);
        var bound = await cluster.WaitForPodAsync("gpu-hungry", p => !string.IsNullOrEmpty(p.Spec.NodeName), "bound after a GPU node came");
        Assert.Equal("gpu", bound.Spec.NodeName);
    }

    [Fact]
    public async Task Gpu_capacity_limits_how_many_pods_a_node_takes()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false, kubelet: false);
        await cluster.CreateNodeAsync("gpu", gpus: 2);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var pod = Pods.Pod(name, Pods.SimulatedContainer("main"));
            pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") } };
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        }

        var pods = await Eventually.GetAsync(
            async () =>
            {
                var list = (await cluster.Client.CoreV1.ListNamespacedPodAsync(WorkloadCluster.Ns)).Items;
                return list.Count(p => p.Spec.NodeName == "gpu") == 2 && list.Count(p => Scheduled(p)?.Status == "False") == 1 ? list : null;
            },
            "two bound, one unschedulable");

        var waiting = pods.Single(p => string.IsNullOrEmpty(p.Spec.NodeName));
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(pods.First(p => p.Spec.NodeName == "gpu").Metadata.Name, WorkloadCluster.Ns, gracePeriodSeconds: 0);
        await cluster.WaitForPodAsync(waiting.Metadata.Name, p => p.Spec.NodeName == "gpu" && Scheduled(p)?.Status == "True", "bound once a GPU was freed");
    }

    [Theory]
    [InlineData("no toleration", null, null, null)]
    [InlineData("toleration for another key", "other", "Exists", null)]
    [InlineData("matching key and value", "cloud.google.com/gke-spot", "Equal", "spot")]
    [InlineData("exists on the key", "cloud.google.com/gke-spot", "Exists", "spot")]
    [InlineData("empty key tolerates everything", "", "Exists", "spot")]
    public async Task Taints_keep_out_pods_without_a_matching_toleration(string because, string? key, string? op, string? expectedNode)
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false, kubelet: false);
        await cluster.CreateNodeAsync("spot", taints: [new V1Taint { Key = "cloud.google.com/gke-spot", Value = "true", Effect = "NoSchedule" }]);
        var pod = Pods.Pod("p", Pods.SimulatedContainer("main"));
        if (key is not null)
        {
            pod.Spec.Tolerations = [new V1Toleration { Key = key, OperatorProperty = op, Value = op == "Equal" ? "true" : null, Effect = "NoSchedule" }];
        }

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, WorkloadCluster.Ns);
        // The scheduler may see the pod before the node; it retries when the node arrives.
        const string Untolerated = "0/1 nodes are available: 1 node(s) had untolerated taint {cloud.google.com/gke-spot: true}.";
        var decided = await cluster.WaitForPodAsync("p", p => Scheduled(p)?.Status == "True" || Scheduled(p)?.Message == Untolerated, because);

        Assert.Equal(expectedNode, string.IsNullOrEmpty(decided.Spec.NodeName) ? null : decided.Spec.NodeName);
    }

    [Fact]
    public async Task Not_ready_and_cordoned_nodes_get_no_pods()
    {
        await using var cluster = await WorkloadCluster.StartAsync(jobs: false, kubelet: false);
        // Not ready from its first write: a node created Ready and then flipped could be seen Ready by
        // the scheduler's cache for a moment, and a pod bound in that moment is a race, not a bug.
        await cluster.CreateNodeAsync("not-ready", ready: false);
        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "cordoned" },
            Spec = new V1NodeSpec { Unschedulable = true },
            Status = new V1NodeStatus { Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8") } },
        });
        await cluster.CreateNodeAsync("good");

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pods.Pod("p", Pods.SimulatedContainer("main")), WorkloadCluster.Ns);
        var bound = await cluster.WaitForPodAsync("p", p => !string.IsNullOrEmpty(p.Spec.NodeName), "bound");

        Assert.Equal("good", bound.Spec.NodeName);
    }

    private static V1PodCondition? Scheduled(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
}
