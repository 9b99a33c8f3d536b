using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Jobs;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class JobControllerTests
{
    [Fact]
    public async Task Indexed_job_runs_one_real_process_per_index_to_completion()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var output = Path.Combine(cluster.Root, "out");
        Directory.CreateDirectory(output);
        var worker = Pods.Sh("worker", "echo \"$JOB_COMPLETION_INDEX\" > \"$OUT/index-$JOB_COMPLETION_INDEX\"");
        worker.Env = [new V1EnvVar { Name = "OUT", Value = "/out" }];
        worker.VolumeMounts = [new V1VolumeMount { Name = "out", MountPath = "/out" }];
        var job = AJob("indexed", worker);
        job.Spec.CompletionMode = "Indexed";
        job.Spec.Completions = 2;
        job.Spec.Parallelism = 2;
        job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "out", HostPath = new V1HostPathVolumeSource { Path = output } }];
        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);

        var pods = await Eventually.GetAsync(
            async () => await cluster.PodsOfJobAsync("indexed") is { Count: 2 } list ? list : null, "two pods");
        var done = await cluster.WaitForJobAsync("indexed", j => WorkloadCluster.HasCondition(j, "Complete"), "Complete");

        Assert.Equal(2, done.Status.Succeeded);
        Assert.Equal(0, done.Status.Failed ?? 0);
        Assert.Equal(0, done.Status.Active ?? 0);
        Assert.Equal("0-1", done.Status.CompletedIndexes);
        Assert.NotNull(done.Status.StartTime);
        Assert.NotNull(done.Status.CompletionTime);
        Assert.Equal("0\n", await File.ReadAllTextAsync(Path.Combine(output, "index-0")));
        Assert.Equal("1\n", await File.ReadAllTextAsync(Path.Combine(output, "index-1")));
        foreach (var pod in pods)
        {
            var index = pod.Metadata.Annotations[JobLabels.CompletionIndex];
            Assert.Matches($"^indexed-{index}-[a-z0-9]{{5}}$", pod.Metadata.Name);
            Assert.Equal(index, pod.Metadata.Labels[JobLabels.CompletionIndex]);
            Assert.Equal("indexed", pod.Metadata.Labels[JobLabels.JobName]);
            Assert.Equal("indexed", pod.Metadata.Labels["job-name"]);
            Assert.Equal(created.Metadata.Uid, pod.Metadata.Labels[JobLabels.ControllerUid]);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("Job", "indexed", created.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        }
    }

    [Fact]
    public async Task Failing_pods_fail_the_job_once_the_backoff_limit_is_exceeded()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("failing", Pods.Sh("worker", "exit 3"));
        job.Spec.BackoffLimit = 1;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);

        var failed = await cluster.WaitForJobAsync("failing", j => WorkloadCluster.HasCondition(j, "Failed"), "Failed");

        Assert.True(WorkloadCluster.HasCondition(failed, "Failed", "BackoffLimitExceeded"));
        Assert.Equal(2, failed.Status.Failed);
        Assert.Equal(0, failed.Status.Succeeded ?? 0);
        var pods = await cluster.PodsOfJobAsync("failing");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(3, Pods.ExitCode(p, "worker")));
    }

    [Fact]
    public async Task FailJob_rule_on_an_exit_code_fails_the_job_at_the_first_failure()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("fatal", Pods.Sh("worker", "exit 42"));
        job.Spec.BackoffLimit = 5;
        job.Spec.PodFailurePolicy = new V1PodFailurePolicy
        {
            Rules = [new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } }],
        };
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);

        var failed = await cluster.WaitForJobAsync("fatal", j => WorkloadCluster.HasCondition(j, "Failed"), "Failed");

        Assert.True(WorkloadCluster.HasCondition(failed, "Failed", "PodFailurePolicy"));
        Assert.Equal(1, failed.Status.Failed);
    }

    [Fact]
    public async Task Disrupted_pod_ignored_by_the_policy_is_replaced_without_counting_a_failure()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("resilient", Pods.SimulatedContainer("trainer", "duration=inf"));
        job.Spec.CompletionMode = "Indexed";
        job.Spec.Completions = 1;
        job.Spec.BackoffLimit = 0;
        job.Spec.PodFailurePolicy = new V1PodFailurePolicy
        {
            Rules = [new V1PodFailurePolicyRule { Action = "Ignore", OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }] }],
        };
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        var first = await RunningPodAsync(cluster, "resilient", except: null);

        await cluster.MarkDisruptedAsync(first.Metadata.Name);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(first.Metadata.Name, WorkloadCluster.Ns);
        var second = await RunningPodAsync(cluster, "resilient", except: first.Metadata.Uid);
        await Eventually.TrueAsync(async () => await cluster.TryGetPodAsync(first.Metadata.Name) is null, "disrupted pod removed");

        Assert.Equal("0", second.Metadata.Annotations[JobLabels.CompletionIndex]);
        var job1 = await cluster.Client.BatchV1.ReadNamespacedJobAsync("resilient", WorkloadCluster.Ns);
        Assert.Equal(0, job1.Status.Failed ?? 0);
        Assert.False(WorkloadCluster.HasCondition(job1, "Failed"));
    }

    [Fact]
    public async Task Pod_that_vanishes_with_its_node_is_replaced()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("survivor", Pods.SimulatedContainer("trainer", "duration=inf"));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        var first = await RunningPodAsync(cluster, "survivor", except: null);

        await cluster.CreateNodeAsync("node-b");
        await cluster.Client.CoreV1.DeleteNodeAsync(first.Spec.NodeName);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync(first.Metadata.Name, WorkloadCluster.Ns);
        // The scheduler may still see node-a for a moment (as kube-scheduler may); a pod bound there is lost in
        // turn and replaced again, so the story ends with a running replacement on node-b.
        var second = await Eventually.GetAsync(
            async () => (await cluster.PodsOfJobAsync("survivor")).FirstOrDefault(p => p.Metadata.Uid != first.Metadata.Uid && p.Spec?.NodeName == "node-b" && p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null),
            "a running replacement on node-b");

        Assert.Equal(first.Metadata.Labels["job-name"], second.Metadata.Labels["job-name"]);
        // A replacement bound to node-a in that moment stays there (this test runs no pod garbage collector), so the
        // active count may be 2; the lost original is what must count as a failure.
        var counted = await cluster.WaitForJobAsync("survivor", j => j.Status?.Failed >= 1, "the lost pod counted as a failure");
        Assert.True(counted.Status.Active >= 1);
    }

    [Fact]
    public async Task Suspending_deletes_the_pods_and_resuming_recreates_them()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("pausable", Pods.SimulatedContainer("trainer", "duration=inf"));
        job.Spec.CompletionMode = "Indexed";
        job.Spec.Completions = 2;
        job.Spec.Parallelism = 2;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        await cluster.WaitForJobAsync("pausable", j => j.Status?.Active == 2 && j.Status.Ready == 2, "two ready pods");

        await SetSuspendAsync(cluster, "pausable", true);
        var suspended = await cluster.WaitForJobAsync("pausable", j => WorkloadCluster.HasCondition(j, "Suspended"), "Suspended");
        await Eventually.TrueAsync(async () => (await cluster.PodsOfJobAsync("pausable")).Count == 0, "pods deleted");
        suspended = await cluster.WaitForJobAsync("pausable", j => (j.Status.Active ?? 0) == 0 && (j.Status.Terminating ?? 0) == 0, "nothing active");
        Assert.Equal(0, suspended.Status.Failed ?? 0);

        await SetSuspendAsync(cluster, "pausable", false);
        var resumed = await cluster.WaitForJobAsync("pausable", j => j.Status?.Active == 2, "two pods again");
        Assert.Contains(resumed.Status.Conditions, c => c.Type == "Suspended" && c.Status == "False" && c.Reason == "JobResumed");
        // The Job's status may count a pod whose create is still on its way to the list: poll for both.
        await Eventually.TrueAsync(async () => (await cluster.PodsOfJobAsync("pausable")).Count == 2, "two pods listed again");
    }

    [Fact]
    public async Task Suspended_job_creates_no_pods()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("held", Pods.SimulatedContainer("trainer", "duration=inf"));
        job.Spec.Suspend = true;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);

        var held = await cluster.WaitForJobAsync("held", j => WorkloadCluster.HasCondition(j, "Suspended"), "Suspended");

        Assert.Empty(await cluster.PodsOfJobAsync("held"));
        Assert.Equal(0, held.Status.Active ?? 0);
    }

    [Fact]
    public async Task NonIndexed_job_completes_after_the_requested_number_of_successes()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("batch", Pods.SimulatedContainer("worker", "duration=1"));
        job.Spec.Completions = 3;
        job.Spec.Parallelism = 2;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);

        var done = await cluster.WaitForJobAsync("batch", j => WorkloadCluster.HasCondition(j, "Complete"), "Complete");

        Assert.Equal(3, done.Status.Succeeded);
        Assert.Null(done.Status.CompletedIndexes);
        Assert.Equal(3, (await cluster.PodsOfJobAsync("batch")).Count);
    }

    [Fact]
    public async Task Deleting_the_job_removes_its_pods()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a");
        var job = AJob("doomed", Pods.SimulatedContainer("trainer", "duration=inf"));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, WorkloadCluster.Ns);
        await RunningPodAsync(cluster, "doomed", except: null);

        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("doomed", WorkloadCluster.Ns, propagationPolicy: "Background");

        await Eventually.TrueAsync(async () => (await cluster.PodsOfJobAsync("doomed")).Count == 0, "pods removed");
    }

    private static V1Job AJob(string name, V1Container container) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = WorkloadCluster.Ns },
        Spec = new V1JobSpec { Template = Pods.Template(container), BackoffLimit = 6 },
    };

    private static Task<V1Pod> RunningPodAsync(WorkloadCluster cluster, string job, string? except) =>
        Eventually.GetAsync(
            async () => (await cluster.PodsOfJobAsync(job)).FirstOrDefault(p => p.Metadata.Uid != except && p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null),
            $"a running pod of {job}");

    private static async Task SetSuspendAsync(WorkloadCluster cluster, string name, bool suspend)
    {
        var patch = new V1Patch($"{{\"spec\":{{\"suspend\":{(suspend ? "true" : "false")}}}}}", V1Patch.PatchType.MergePatch);
        await cluster.Client.BatchV1.PatchNamespacedJobAsync(patch, name, WorkloadCluster.Ns);
    }
}
