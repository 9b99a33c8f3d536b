using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Admission;
using static Orchestrator.Sandbox.Tests.World.WorldClusters;

namespace Orchestrator.Sandbox.Tests.World;

/// <summary>
/// The sandbox's default admission, as real Kueue without topology-aware scheduling: nominal quota alone decides, so
/// a workload admitted on spot whose nodes are missing keeps its quota while its pods sit Pending (Unschedulable).
/// </summary>
public sealed class QuotaOnlyAdmissionTests
{
    [Fact]
    public async Task A_gang_too_big_for_the_spot_nodes_is_admitted_on_spot_quota_and_the_worker_without_a_node_stays_Unschedulable()
    {
        await using var cluster = await StartAsync(spotNodes: 1, onDemandNodes: 3);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("big", "spot", workers: 2), "default");

        var workload = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) is not null ? w : null, "the workload to be admitted", describe: () => DescribeAsync(client));

        Assert.All(workload.Status!.Admission!.PodSetAssignments.Single().Flavors.Values, flavor => Assert.Equal("spot", flavor));
        var pending = await Eventually.Until(
            async () => (await PodsOfAsync(client, job)).FirstOrDefault(p => string.IsNullOrEmpty(p.Spec.NodeName) && Unschedulable(p)),
            "a worker Pending with PodScheduled=False/Unschedulable",
            describe: () => DescribeAsync(client));
        Assert.Equal("Pending", pending.Status.Phase);
        Assert.False(HasCondition((await WorkloadOfAsync(client, job))!, KueueApi.Evicted));
    }

    [Fact]
    public async Task Losing_a_spot_node_does_not_evict_the_workload_its_replacement_worker_waits_Unschedulable()
    {
        await using var cluster = await StartAsync(spotNodes: 2, onDemandNodes: 2);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("stays", "spot", workers: 2), "default");
        await Eventually.Until(async () => (await PodsOfAsync(client, job)).Count(x => x.Status?.Phase == "Running") == 2, "both workers running on spot", describe: () => DescribeAsync(client));

        await cluster.PreemptAsync("spot-1", withNotice: false).WaitAsync(Eventually.DefaultTimeout);

        await Eventually.Until(
            async () => (await PodsOfAsync(client, job)).Any(p => p.Metadata.DeletionTimestamp is null && string.IsNullOrEmpty(p.Spec.NodeName) && Unschedulable(p)),
            "the replacement worker Pending with PodScheduled=False/Unschedulable",
            describe: () => DescribeAsync(client));
        var workload = (await WorkloadOfAsync(client, job))!;
        Assert.Equal("spot", AdmittedFlavor(workload));
        Assert.False(HasCondition(workload, KueueApi.Evicted));
        Assert.False((await client.BatchV1.ReadNamespacedJobAsync("stays", "default")).Spec.Suspend);
    }

    [Fact]
    public async Task A_sidecars_requests_count_against_quota_beside_the_containers_as_Kueue_counts_them()
    {
        await using var cluster = await StartAsync(spotNodes: 1, onDemandNodes: 0);
        var client = cluster.Client;
        var gang = WorldObjects.Gang("sidecar", "spot", workers: 1);
        gang.Spec.Template.Spec.InitContainers =
        [
            new V1Container { Name = "restore", Image = WorldObjects.SimulatedImage, Args = ["duration=0"], Resources = Cpu("1") },
            new V1Container { Name = "agent", Image = WorldObjects.SimulatedImage, Args = ["duration=inf"], RestartPolicy = "Always", Resources = Cpu("2") },
        ];
        var job = await client.BatchV1.CreateNamespacedJobAsync(gang, "default");

        var workload = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) is not null ? w : null, "the workload to be admitted", describe: () => DescribeAsync(client));

        // The trainer's 1 cpu and the sidecar's 2 run together: 3, not the larger of the two.
        Assert.Equal(3m, workload.Status!.Admission!.PodSetAssignments.Single().ResourceUsage!["cpu"].ToDecimal());
    }

    private static V1ResourceRequirements Cpu(string amount) => new() { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(amount) } };

    private static bool Unschedulable(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") == true;
}
