using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Sandbox.Capacity;
using static Orchestrator.Sandbox.Tests.World.WorldClusters;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class PreemptionTests
{
    private const double Scale = 60;

    [Theory]
    [InlineData(CloudProvider.Aws, "aws-node-termination-handler/spot-itn")]
    [InlineData(CloudProvider.Gke, "cloud.google.com/impending-node-termination")]
    [InlineData(CloudProvider.Aks, "aks-node-termination-handler/preempt")]
    public async Task A_preemption_with_notice_taints_the_node_marks_the_pods_then_deletes_them_after_the_window(CloudProvider provider, string taintKey)
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = Scale,
            Provider = provider,
            CreateKueueSetup = false,
            Pools = [Pool("spot", CapacityType.Spot, 1)],
        });
        var client = cluster.Client;
        var timing = NoticeTiming.For(provider);
        await client.CoreV1.CreateNamespacedPodAsync(WorldObjects.PodOn("worker", "spot-1"), "default");
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPodAsync("worker", "default")).Status?.Phase == "Running", "the worker to run");

        var preemption = cluster.PreemptAsync("spot-1", withNotice: true);

        var taint = await Eventually.Until(async () => (await client.CoreV1.ReadNodeAsync("spot-1")).Spec?.Taints?.FirstOrDefault(t => t.Key == taintKey), "the notice taint");
        Assert.Equal("NoSchedule", taint.Effect);
        var noticeAt = new DateTimeOffset(DateTime.SpecifyKind(taint.TimeAdded!.Value, DateTimeKind.Utc));
        var marked = await Eventually.Until(async () => await client.CoreV1.ReadNamespacedPodAsync("worker", "default") is { } p && p.Status?.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True") == true ? p : null, "the pod's DisruptionTarget condition");
        Assert.Null(marked.Metadata.DeletionTimestamp);
        Assert.Equal("TerminationByKubelet", marked.Status.Conditions.Single(c => c.Type == "DisruptionTarget").Reason);

        await Eventually.Until(async () => await PodIsTerminatingOrGoneAsync(client), "the pod's deletion");
        Assert.True(cluster.Time.GetUtcNow() - noticeAt >= timing.PodDeletionAfter, $"the pod was deleted {cluster.Time.GetUtcNow() - noticeAt} after the notice, before its {timing.PodDeletionAfter} window");

        await preemption.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(cluster.Time.GetUtcNow() - noticeAt >= timing.NoticeWindow, "the node vanished before the notice window ended");
        await AssertGoneAsync(() => client.CoreV1.ReadNodeAsync("spot-1"));
        await AssertGoneAsync(() => client.CoreV1.ReadNamespacedPodAsync("worker", "default"));
    }

    [Fact]
    public async Task A_preemption_without_notice_removes_the_node_and_its_pods_at_once()
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = 1,
            CreateKueueSetup = false,
            Pools = [Pool("spot", CapacityType.Spot, 1)],
        });
        var client = cluster.Client;
        await client.CoreV1.CreateNamespacedPodAsync(WorldObjects.PodOn("worker", "spot-1", gracePeriodSeconds: 600), "default");
        await Eventually.Until(async () => (await client.CoreV1.ReadNamespacedPodAsync("worker", "default")).Status?.Phase == "Running", "the worker to run");
        var before = cluster.Time.GetUtcNow();

        await cluster.PreemptAsync("spot-1", withNotice: false).WaitAsync(Eventually.DefaultTimeout);

        await AssertGoneAsync(() => client.CoreV1.ReadNodeAsync("spot-1"));
        await AssertGoneAsync(() => client.CoreV1.ReadNamespacedPodAsync("worker", "default"));
        Assert.True(cluster.Time.GetUtcNow() - before < TimeSpan.FromSeconds(30), "without notice nothing waits for a window or the 600 s grace period");
    }

    [Fact]
    public async Task A_lost_node_is_replaced_after_the_provisioning_delay()
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = Scale,
            CreateKueueSetup = false,
            Pools = [Pool("spot", CapacityType.Spot, 1, provisioning: TimeSpan.FromMinutes(2))],
        });
        var client = cluster.Client;

        await cluster.PreemptAsync("spot-1", withNotice: false).WaitAsync(Eventually.DefaultTimeout);
        var lostAt = cluster.Time.GetUtcNow();

        var replacement = await Eventually.Until(async () => (await client.CoreV1.ListNodeAsync()).Items.FirstOrDefault(), "a replacement node");
        Assert.Equal("spot-2", replacement.Metadata.Name);
        Assert.True(cluster.Time.GetUtcNow() - lostAt >= TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(5), "the replacement came before the provisioning delay");
    }

    [Fact]
    public async Task Scripted_spot_unavailability_empties_the_pool_until_capacity_returns()
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = Scale,
            CreateKueueSetup = false,
            Pools = [Pool("spot", CapacityType.Spot, 2, provisioning: TimeSpan.FromMinutes(1)), Pool("on-demand", CapacityType.OnDemand, 1)],
        });
        var client = cluster.Client;
        async Task<int> SpotNodes() => (await client.CoreV1.ListNodeAsync(labelSelector: ProviderConventions.SandboxPoolLabel + "=spot")).Items.Count;

        cluster.SetSpotAvailable("spot", available: false, withNotice: false);
        await Eventually.Until(async () => await SpotNodes() == 0, "the spot pool to empty");
        Assert.Single((await client.CoreV1.ListNodeAsync(labelSelector: ProviderConventions.SandboxPoolLabel + "=on-demand")).Items);
        var added = await cluster.AddNodeAsync("on-demand");
        Assert.Equal("on-demand-2", added);

        cluster.SetSpotAvailable("spot", available: true);
        await Eventually.Until(async () => await SpotNodes() == 2, "spot capacity to return");
        Assert.Equal(["spot-3", "spot-4"], cluster.NodesOf("spot"));
    }

    private static async Task<bool> PodIsTerminatingOrGoneAsync(IKubernetes client)
    {
        try
        {
            return (await client.CoreV1.ReadNamespacedPodAsync("worker", "default")).Metadata.DeletionTimestamp is not null;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    private static async Task AssertGoneAsync<T>(Func<Task<T>> read)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(read);
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}
