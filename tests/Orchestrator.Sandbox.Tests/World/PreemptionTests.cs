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
    public async Task Without_notice_the_pods_processes_are_dead_before_the_node_is_seen_gone()
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = 1,
            CreateKueueSetup = false,
            Pools = [Pool("spot", CapacityType.Spot, 1)],
        });
        var client = cluster.Client;
        var shared = Directory.CreateTempSubdirectory("vanish-").FullName;
        try
        {
            var pod = WorldObjects.PodOn("worker", "spot-1");
            pod.Spec.Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sh", "-c", "echo $$ > \"$OUT/pid.tmp\" && mv \"$OUT/pid.tmp\" \"$OUT/pid\" && exec sleep 100000"], Env = [new V1EnvVar { Name = "OUT", Value = "/out" }], VolumeMounts = [new V1VolumeMount { Name = "out", MountPath = "/out" }] }];
            pod.Spec.Volumes = [new V1Volume { Name = "out", HostPath = new V1HostPathVolumeSource { Path = shared } }];
            await client.CoreV1.CreateNamespacedPodAsync(pod, "default");
            var pidFile = Path.Combine(shared, "pid");
            await Eventually.Until(() => Task.FromResult(File.Exists(pidFile) ? "started" : null), "the worker's process",
                describe: async () => k8s.KubernetesJson.Serialize((await client.CoreV1.ReadNamespacedPodAsync("worker", "default")).Status));
            var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(IsAlive(pid));

            var preemption = cluster.PreemptAsync("spot-1", withNotice: false);
            await Eventually.Until(async () => await IsGoneAsync(() => client.CoreV1.ReadNodeAsync("spot-1")) ? "gone" : null, "the node to be gone");

            // A controller that sees the node gone may start the next attempt: nothing of the old one may still write.
            Assert.False(IsAlive(pid), "the pod's process outlived its node");
            // A dead machine's kubelet reports nothing: the pod never shows its killed process as a failure of its own.
            var last = await client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: "metadata.name=worker");
            Assert.All(last.Items, p => Assert.NotEqual("Failed", p.Status?.Phase));
            await preemption.WaitAsync(Eventually.DefaultTimeout);
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
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

    /// <summary>Running, not merely a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<bool> IsGoneAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return false;
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
