using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Sandbox.Admission;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox.Tests.World;

/// <summary>Sandbox clusters sized for the tests, and reads of what the tests assert on.</summary>
internal static class WorldClusters
{
    public static NodePoolOptions Pool(string name, CapacityType capacity, int size, TimeSpan? provisioning = null) => new()
    {
        Name = name,
        CapacityType = capacity,
        Size = size,
        GpusPerNode = 1,
        ProvisioningDelay = provisioning ?? TimeSpan.FromMinutes(10),
        Taints = capacity == CapacityType.Spot
            ? [new V1Taint { Key = ProviderConventions.KarpenterCapacityType, Value = "spot", Effect = "NoSchedule" }]
            : [],
    };

    /// <summary>
    /// The default AWS sandbox (the sample's Kueue objects) with small pools and a fast clock. Admission is on quota
    /// alone, as real Kueue's; <paramref name="quotaFollowsNodes"/> opts a test into the sandbox's node-following admission.
    /// </summary>
    public static Task<SandboxCluster> StartAsync(int spotNodes, int onDemandNodes, double timeScale = 60, bool quotaFollowsNodes = false) =>
        SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = timeScale,
            Seed = 7,
            Kueue = new KueueOptions { QuotaFollowsNodes = quotaFollowsNodes },
            Pools = [Pool("spot", CapacityType.Spot, spotNodes), Pool("on-demand", CapacityType.OnDemand, onDemandNodes)],
        });

    public static async Task<Workload?> WorkloadOfAsync(IKubernetes client, V1Job job)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<KueueList<Workload>>(KueueApi.Group, KueueApi.Version, "default", KueueApi.Workloads);
        return list.Items.FirstOrDefault(w => w.Metadata.OwnerReferences?.Any(o => o.Uid == job.Metadata.Uid) == true);
    }

    public static async Task<IList<V1Pod>> PodsOfAsync(IKubernetes client, V1Job job) =>
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Metadata.Uid) == true)
            .ToList();

    /// <summary>Pods and nodes in one line, for timeout messages.</summary>
    public static async Task<string> DescribeAsync(IKubernetes client)
    {
        var pods = (await client.CoreV1.ListNamespacedPodAsync("default")).Items
            .Select(p => $"{p.Metadata.Name}@{p.Spec.NodeName}:{p.Status?.Phase}{(p.Metadata.DeletionTimestamp is null ? "" : ":terminating")}[{string.Join(",", p.Metadata.Finalizers ?? [])}]");
        var nodes = (await client.CoreV1.ListNodeAsync()).Items.Select(n => n.Metadata.Name);
        var jobs = (await client.BatchV1.ListNamespacedJobAsync("default")).Items
            .Select(j => $"{j.Metadata.Name}(suspend={j.Spec.Suspend},active={j.Status?.Active},failed={j.Status?.Failed},{string.Join("/", j.Status?.Conditions?.Where(c => c.Status == "True").Select(c => c.Type) ?? [])})");
        return $"pods [{string.Join(", ", pods)}] nodes [{string.Join(", ", nodes)}] jobs [{string.Join(", ", jobs)}]";
    }

    public static string? AdmittedFlavor(Workload workload) =>
        workload.Status?.Admission?.PodSetAssignments.FirstOrDefault()?.Flavors.GetValueOrDefault("nvidia.com/gpu");

    public static bool HasCondition(Workload workload, string type, string status = "True") =>
        workload.Status?.Conditions?.Any(c => c.Type == type && c.Status == status) == true;
}
