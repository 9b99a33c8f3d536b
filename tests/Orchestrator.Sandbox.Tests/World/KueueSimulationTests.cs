using k8s;
using Orchestrator.Sandbox.Admission;
using static Orchestrator.Sandbox.Tests.World.WorldClusters;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class KueueSimulationTests
{
    [Fact]
    public async Task An_admitted_job_gets_a_workload_and_runs_on_the_first_flavor_with_its_labels_and_tolerations()
    {
        await using var cluster = await StartAsync(spotNodes: 2, onDemandNodes: 2);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("train", "spot", workers: 2), "default");

        var workload = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) is not null ? w : null, "the workload to be admitted", describe: () => DescribeAsync(client));

        Assert.Matches("^job-train-[0-9a-f]{5}$", workload.Metadata.Name);
        Assert.Equal("spot", workload.Spec.QueueName);
        Assert.Equal(2, workload.Spec.PodSets.Single().Count);
        Assert.Equal("spot", AdmittedFlavor(workload));
        Assert.Equal("gpu-spot-first", workload.Status!.Admission!.ClusterQueue);
        Assert.True(HasCondition(workload, KueueApi.QuotaReserved));
        Assert.True(HasCondition(workload, KueueApi.Admitted));
        var owner = Assert.Single(workload.Metadata.OwnerReferences);
        Assert.Equal(("Job", "train", true), (owner.Kind, owner.Name, owner.Controller ?? false));

        var started = await Eventually.Until(async () => await client.BatchV1.ReadNamespacedJobAsync("train", "default") is { Spec.Suspend: false } j ? j : null, "the job to be unsuspended", describe: () => DescribeAsync(client));
        Assert.Equal("spot", started.Spec.Template.Spec.NodeSelector["karpenter.sh/capacity-type"]);
        Assert.Contains(started.Spec.Template.Spec.Tolerations, t => t.Key == "karpenter.sh/capacity-type" && t.Value == "spot" && t.Effect == "NoSchedule");

        var pods = await Eventually.Until(async () => await PodsOfAsync(client, job) is { } p && p.Count(x => x.Status?.Phase == "Running") >= 2 ? p : null, "both workers running", describe: () => DescribeAsync(client));
        Assert.All(pods.Where(p => !string.IsNullOrEmpty(p.Spec.NodeName)), p => Assert.StartsWith("spot-", p.Spec.NodeName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_quota_following_nodes_a_gang_too_big_for_the_spot_nodes_goes_whole_to_the_next_flavor()
    {
        await using var cluster = await StartAsync(spotNodes: 1, onDemandNodes: 3, quotaFollowsNodes: true);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("big", "spot", workers: 2), "default");

        var workload = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) is not null ? w : null, "the workload to be admitted", describe: () => DescribeAsync(client));

        Assert.All(workload.Status!.Admission!.PodSetAssignments.Single().Flavors.Values, flavor => Assert.Equal("on-demand", flavor));
        var pods = await Eventually.Until(async () => await PodsOfAsync(client, job) is { } p && p.Count(x => !string.IsNullOrEmpty(x.Spec.NodeName)) >= 2 ? p : null, "both workers bound", describe: () => DescribeAsync(client));
        Assert.All(pods.Where(p => !string.IsNullOrEmpty(p.Spec.NodeName)), p => Assert.StartsWith("on-demand-", p.Spec.NodeName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_quota_following_nodes_a_gang_that_fits_no_flavor_stays_suspended_without_pods()
    {
        await using var cluster = await StartAsync(spotNodes: 2, onDemandNodes: 2, quotaFollowsNodes: true);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("huge", "spot", workers: 3), "default");

        var workload = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && HasCondition(w, KueueApi.QuotaReserved, "False") ? w : null, "the workload to be found inadmissible");

        Assert.Null(workload.Status?.Admission);
        Assert.Contains("insufficient", workload.Status!.Conditions!.Single(c => c.Type == KueueApi.QuotaReserved).Message, StringComparison.Ordinal);
        Assert.True((await client.BatchV1.ReadNamespacedJobAsync("huge", "default")).Spec.Suspend);
        Assert.Empty(await PodsOfAsync(client, job));
    }

    [Fact]
    public async Task With_quota_following_nodes_a_job_created_unsuspended_is_suspended_until_admitted()
    {
        await using var cluster = await StartAsync(spotNodes: 1, onDemandNodes: 0, quotaFollowsNodes: true);
        var client = cluster.Client;
        var blocker = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("first", "spot", workers: 1), "default");
        await Eventually.Until(async () => await WorkloadOfAsync(client, blocker) is { } w && AdmittedFlavor(w) is not null, "the first job to be admitted");
        var eager = WorldObjects.Gang("eager", "spot", workers: 1);
        eager.Spec.Suspend = false;

        var job = await client.BatchV1.CreateNamespacedJobAsync(eager, "default");

        await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && HasCondition(w, KueueApi.QuotaReserved, "False"), "the second workload to wait for quota");
        await Eventually.Until(async () => (await client.BatchV1.ReadNamespacedJobAsync("eager", "default")).Spec.Suspend == true, "the eager job to be suspended");
    }

    [Fact]
    public async Task With_quota_following_nodes_quota_is_released_when_a_job_finishes_and_when_one_is_deleted()
    {
        await using var cluster = await StartAsync(spotNodes: 0, onDemandNodes: 2, quotaFollowsNodes: true);
        var client = cluster.Client;
        var shortJob = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("short", "on-demand", workers: 2, duration: "60"), "default");
        await Eventually.Until(async () => await WorkloadOfAsync(client, shortJob) is { } w && AdmittedFlavor(w) is not null, "the short job to be admitted");
        var next = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("next", "on-demand", workers: 2), "default");
        var waiting = await Eventually.Until(async () => await WorkloadOfAsync(client, next) is { } w && HasCondition(w, KueueApi.QuotaReserved, "False") ? w : null, "the next job to wait");
        Assert.Null(waiting.Status?.Admission);

        var finished = await Eventually.Until(async () => await WorkloadOfAsync(client, shortJob) is { } w && HasCondition(w, KueueApi.Finished) ? w : null, "the short job's workload to finish");
        Assert.Equal("Succeeded", finished.Status!.Conditions!.Single(c => c.Type == KueueApi.Finished).Reason);
        await Eventually.Until(async () => await WorkloadOfAsync(client, next) is { } w && AdmittedFlavor(w) == "on-demand", "the next job to take the released quota");

        var last = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("last", "on-demand", workers: 2), "default");
        await Eventually.Until(async () => await WorkloadOfAsync(client, last) is { } w && HasCondition(w, KueueApi.QuotaReserved, "False"), "the last job to wait");
        await client.BatchV1.DeleteNamespacedJobAsync("next", "default", propagationPolicy: "Background");
        await Eventually.Until(async () => await WorkloadOfAsync(client, last) is { } w && AdmittedFlavor(w) == "on-demand", "the last job to take the quota of the deleted one");
    }

    [Fact]
    public async Task With_quota_following_nodes_losing_a_node_evicts_the_workload_restores_its_template_and_requeues_it_onto_capacity_that_remains()
    {
        await using var cluster = await StartAsync(spotNodes: 2, onDemandNodes: 2, quotaFollowsNodes: true);
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("resilient", "spot", workers: 2), "default");
        await Eventually.Until(async () => (await PodsOfAsync(client, job)).Count(x => x.Status?.Phase == "Running" && x.Spec.NodeName?.StartsWith("spot-", StringComparison.Ordinal) == true) == 2, "both workers running on spot", describe: () => DescribeAsync(client));

        await cluster.PreemptAsync("spot-1", withNotice: false).WaitAsync(Eventually.DefaultTimeout);

        var evicted = await Eventually.Until(
            async () => await WorkloadOfAsync(client, job) is { } w && w.Status?.Conditions?.Any(c => c.Type == KueueApi.Evicted) == true ? w : null,
            "the workload to be evicted");
        var eviction = evicted.Status!.Conditions!.Single(c => c.Type == KueueApi.Evicted);
        Assert.True(eviction.Reason == "NodeFailures" || eviction.Message.Contains("NodeFailures", StringComparison.Ordinal) || eviction.Message.StartsWith("Previously:", StringComparison.Ordinal), eviction.Reason + ": " + eviction.Message);

        var requeued = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) == "on-demand" ? w : null, "the workload to be admitted again on on-demand");
        Assert.Contains(requeued.Status!.Conditions!, c => c.Type == KueueApi.Requeued && c.Status == "True" && c.Reason == "NodeFailures");
        Assert.Contains(requeued.Status.Conditions!, c => c.Type == KueueApi.Evicted && c.Status == "False" && c.Message.StartsWith("Previously:", StringComparison.Ordinal));
        var restarted = await Eventually.Until(async () => await client.BatchV1.ReadNamespacedJobAsync("resilient", "default") is { Spec.Suspend: false } j && j.Spec.Template.Spec.NodeSelector?.TryGetValue("karpenter.sh/capacity-type", out var capacity) == true && capacity == "on-demand" ? j : null, "the job to restart on on-demand");
        Assert.DoesNotContain(restarted.Spec.Template.Spec.Tolerations ?? [], t => t.Key == "karpenter.sh/capacity-type");
        await Eventually.Until(
            async () => (await PodsOfAsync(client, job)).Where(x => x.Status?.Phase == "Running" && x.Metadata.DeletionTimestamp is null).Select(x => x.Spec.NodeName ?? "").ToList() is { Count: 2 } nodes && nodes.All(n => n.StartsWith("on-demand-", StringComparison.Ordinal)),
            "both workers running on on-demand",
            describe: () => DescribeAsync(client));
    }

    [Fact]
    public async Task Pods_that_cannot_all_become_ready_in_time_get_the_workload_evicted_with_PodsReadyTimeout()
    {
        await using var cluster = await SandboxCluster.StartInMemoryAsync(new SandboxClusterOptions
        {
            TimeScale = 60,
            Seed = 7,
            Kueue = new KueueOptions { QuotaFollowsNodes = false, WaitForPodsReadyTimeout = TimeSpan.FromMinutes(2) },
            Pools = [Pool("spot", Orchestrator.Api.CapacityType.Spot, 1), Pool("on-demand", Orchestrator.Api.CapacityType.OnDemand, 1)],
        });
        var client = cluster.Client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(WorldObjects.Gang("stuck", "spot", workers: 2), "default");
        var admitted = await Eventually.Until(async () => await WorkloadOfAsync(client, job) is { } w && AdmittedFlavor(w) is not null ? w : null, "admission by quota alone");
        Assert.Equal("spot", AdmittedFlavor(admitted));
        var admittedAt = cluster.Time.GetUtcNow();

        var evicted = await Eventually.Until(
            async () => await WorkloadOfAsync(client, job) is { } w && w.Status?.Conditions?.Any(c => c.Type is KueueApi.Evicted or KueueApi.Requeued && c.Reason == "PodsReadyTimeout") == true ? w : null,
            "the PodsReady timeout eviction",
            describe: () => DescribeAsync(client));

        Assert.True(cluster.Time.GetUtcNow() - admittedAt >= TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(10), "evicted before the timeout");
        Assert.Contains(evicted.Status!.Conditions!, c => c.Type == KueueApi.PodsReady || c.Type == KueueApi.Requeued);
    }
}
