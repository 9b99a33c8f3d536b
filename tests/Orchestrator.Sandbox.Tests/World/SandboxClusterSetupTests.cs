using k8s;
using Orchestrator.Sandbox.Admission;
using Orchestrator.Sandbox.Capacity;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class SandboxClusterSetupTests
{
    [Theory]
    [InlineData(CloudProvider.Aws, "karpenter.sh/capacity-type", "spot")]
    [InlineData(CloudProvider.Gke, "cloud.google.com/gke-spot", "true")]
    [InlineData(CloudProvider.Aks, "kubernetes.azure.com/scalesetpriority", "spot")]
    public async Task The_default_cluster_has_labelled_pools_and_the_sample_queues_for_its_provider(CloudProvider provider, string spotLabel, string spotValue)
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions { Provider = provider, TimeScale = 60 });
        var client = cluster.Client;

        var nodes = (await client.CoreV1.ListNodeAsync()).Items;
        Assert.Equal(8, nodes.Count);
        var spot = nodes.Where(n => n.Metadata.Labels[ProviderConventions.SandboxPoolLabel] == "spot").ToList();
        Assert.Equal(4, spot.Count);
        Assert.All(spot, n => Assert.Equal(spotValue, n.Metadata.Labels[spotLabel]));
        Assert.All(nodes, n => Assert.Contains(n.Status.Conditions, c => c.Type == "Ready" && c.Status == "True"));
        Assert.All(nodes, n => Assert.Equal(1m, n.Status.Allocatable["nvidia.com/gpu"].ToDecimal()));

        var flavors = await client.CustomObjects.ListClusterCustomObjectAsync<KueueList<ResourceFlavor>>(KueueApi.Group, KueueApi.Version, KueueApi.ResourceFlavors);
        Assert.Equal(spotValue, flavors.Items.Single(f => f.Metadata.Name == "spot").Spec.NodeLabels![spotLabel]);
        var queues = await client.CustomObjects.ListClusterCustomObjectAsync<KueueList<ClusterQueue>>(KueueApi.Group, KueueApi.Version, KueueApi.ClusterQueues);
        Assert.Equal(["gpu-on-demand", "gpu-spot-first"], queues.Items.Select(q => q.Metadata.Name).Order(StringComparer.Ordinal));
        var local = await client.CustomObjects.ListNamespacedCustomObjectAsync<KueueList<LocalQueue>>(KueueApi.Group, KueueApi.Version, "default", KueueApi.LocalQueues);
        Assert.Equal(["on-demand:gpu-on-demand", "spot:gpu-spot-first"], local.Items.Select(q => $"{q.Metadata.Name}:{q.Spec.ClusterQueue}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_kueue_setup_file_is_applied_instead_of_the_defaults_creating_namespaces_it_names()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kueue-setup-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: kueue.x-k8s.io/v1beta2
            kind: ResourceFlavor
            metadata:
              name: gpus
            spec:
              nodeLabels:
                karpenter.sh/capacity-type: on-demand
            ---
            apiVersion: kueue.x-k8s.io/v1beta2
            kind: ClusterQueue
            metadata:
              name: team
            spec:
              namespaceSelector: {}
              resourceGroups:
              - coveredResources: ["cpu", "nvidia.com/gpu"]
                flavors:
                - name: gpus
                  resources:
                  - name: cpu
                    nominalQuota: 16
                  - name: nvidia.com/gpu
                    nominalQuota: 2
            ---
            apiVersion: kueue.x-k8s.io/v1beta2
            kind: LocalQueue
            metadata:
              name: team
              namespace: ml-research
            spec:
              clusterQueue: team
            """);
        try
        {
            await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions { KueueSetupPath = file, TimeScale = 60 });
            var client = cluster.Client;

            var flavors = await client.CustomObjects.ListClusterCustomObjectAsync<KueueList<ResourceFlavor>>(KueueApi.Group, KueueApi.Version, KueueApi.ResourceFlavors);
            Assert.Equal(["gpus"], flavors.Items.Select(f => f.Metadata.Name));
            var local = await client.CustomObjects.ListNamespacedCustomObjectAsync<KueueList<LocalQueue>>(KueueApi.Group, KueueApi.Version, "ml-research", KueueApi.LocalQueues);
            Assert.Equal("team", Assert.Single(local.Items).Spec.ClusterQueue);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_kueue_setup_file_is_named_in_the_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.yaml");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions { KueueSetupPath = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
