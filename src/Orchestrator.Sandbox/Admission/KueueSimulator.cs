using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Sandbox.Capacity;
using Orchestrator.Sandbox.Watching;

namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// Kueue's Job integration and scheduler, simulated as an API client: a level-based loop that
/// reads Jobs, Workloads, queues, flavors, pods and nodes, then creates Workloads, admits, starts,
/// evicts and requeues. Watches only wake the loop; each pass re-reads everything.
/// </summary>
internal sealed class KueueSimulator(IKubernetes client, KueueOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public void Start()
    {
        void Wake<T>(WatchEventType? type, T? item) => _wake.Writer.TryWrite(true);
        var token = _stop.Token;
        _tasks.Add(Watches.Jobs(client, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Pods(client, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Nodes(client, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Kueue(client, KueueApi.Workloads, namespaced: true, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Kueue(client, KueueApi.LocalQueues, namespaced: true, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Kueue(client, KueueApi.ClusterQueues, namespaced: false, Wake, logger).RunAsync(token));
        _tasks.Add(Watches.Kueue(client, KueueApi.ResourceFlavors, namespaced: false, Wake, logger).RunAsync(token));
        _tasks.Add(LoopAsync(token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        TimeSpan? nextDeadline = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var waits = new List<Task>
            {
                _wake.Reader.WaitToReadAsync(waitCancel.Token).AsTask(),
                Task.Delay(options.Resync, TimeProvider.System, waitCancel.Token),
            };
            if (nextDeadline is { } deadline)
            {
                waits.Add(Task.Delay(deadline, time, waitCancel.Token));
            }

            try
            {
                await Task.WhenAny(waits);
            }
            finally
            {
                await waitCancel.CancelAsync();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _wake.Reader.TryRead(out _);
            try
            {
                nextDeadline = await ReconcileAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A conflict or a failed call leaves the world half-updated; the next pass, from a
                // fresh read, finishes the job. Wake it now rather than at the next resync.
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug(error, "Kueue pass failed; retrying");
                }

                nextDeadline = TimeSpan.Zero;
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<ClusterState> ReadAsync(CancellationToken ct)
    {
        var jobs = client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: ct);
        var workloads = client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KueueList<Workload>>(KueueApi.Group, KueueApi.Version, KueueApi.Workloads, cancellationToken: ct);
        var flavors = client.CustomObjects.ListClusterCustomObjectAsync<KueueList<ResourceFlavor>>(KueueApi.Group, KueueApi.Version, KueueApi.ResourceFlavors, cancellationToken: ct);
        var queues = client.CustomObjects.ListClusterCustomObjectAsync<KueueList<ClusterQueue>>(KueueApi.Group, KueueApi.Version, KueueApi.ClusterQueues, cancellationToken: ct);
        var localQueues = client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KueueList<LocalQueue>>(KueueApi.Group, KueueApi.Version, KueueApi.LocalQueues, cancellationToken: ct);
        var pods = client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
        var nodes = client.CoreV1.ListNodeAsync(cancellationToken: ct);
        return new ClusterState(
            (await jobs).Items.ToList(),
            (await workloads).Items,
            (await flavors).Items,
            (await queues).Items,
            (await localQueues).Items,
            (await pods).Items.ToList(),
            (await nodes).Items.ToList());
    }

    /// <summary>One pass; returns when (sandbox time from now) a waitForPodsReady deadline falls, if any.</summary>
    internal async Task<TimeSpan?> ReconcileAsync(CancellationToken ct)
    {
        var state = await ReadAsync(ct);
        var now = time.GetUtcNow();
        var flavors = state.Flavors.ToDictionary(f => f.Metadata.Name, StringComparer.Ordinal);
        var podsByOwner = state.Pods
            .SelectMany(p => (p.Metadata.OwnerReferences ?? []).Select(o => (o.Uid, Pod: p)))
            .ToLookup(x => x.Uid, x => x.Pod, StringComparer.Ordinal);
        var workloadsByOwner = state.Workloads
            .SelectMany(w => (w.Metadata.OwnerReferences ?? []).Where(o => o.Kind == "Job").Select(o => (o.Uid, Workload: w)))
            .ToLookup(x => x.Uid, x => x.Workload, StringComparer.Ordinal);
        var jobUids = state.Jobs.Select(j => j.Metadata.Uid).ToHashSet(StringComparer.Ordinal);

        // Workloads whose Job is gone: the API server's garbage collector should have removed them.
        foreach (var orphan in state.Workloads.Where(w => (w.Metadata.OwnerReferences ?? []).Any(o => o.Kind == "Job") && !w.Metadata.OwnerReferences!.Any(o => jobUids.Contains(o.Uid))))
        {
            await IgnoreNotFound(client.CustomObjects.DeleteNamespacedCustomObjectAsync(KueueApi.Group, KueueApi.Version, orphan.Metadata.NamespaceProperty, KueueApi.Workloads, orphan.Metadata.Name, cancellationToken: ct));
        }

        var jobsByWorkload = new Dictionary<string, V1Job>(StringComparer.Ordinal);
        var admitted = new List<AdmittedSnapshot>();
        var pending = new List<PendingSnapshot>();
        TimeSpan? nextDeadline = null;
        foreach (var job in state.Jobs.Where(j => j.Metadata.Labels?.ContainsKey(KueueApi.QueueNameLabel) == true && j.Metadata.DeletionTimestamp is null))
        {
            var workload = workloadsByOwner[job.Metadata.Uid].FirstOrDefault();
            if (workload is null)
            {
                await CreateWorkloadAsync(job, ct);
                continue;
            }

            var key = Key(workload);
            jobsByWorkload[key] = job;
            var jobPods = podsByOwner[job.Metadata.Uid].ToList();
            if (WorkloadConditions.IsTrue(workload, KueueApi.Finished))
            {
                continue;
            }

            if (IsFinished(job, out var finishReason))
            {
                await UpdateStatusAsync(workload, (conditions, generation) =>
                    WorkloadConditions.Set(conditions, KueueApi.Finished, true, finishReason, $"Job finished: {finishReason}", now, generation), ct);
                continue;
            }

            var admission = workload.Status?.Admission;
            if (admission is null)
            {
                if (job.Spec.Suspend != true)
                {
                    await PatchJobAsync(job, JobPatches.Stop(job.Spec.Template.Spec, workload.Spec.PodSets[0].Template.Spec), ct);
                }

                pending.Add(new PendingSnapshot(key, ClusterQueueOf(workload, state.LocalQueues), workload.Metadata.CreationTimestamp ?? now.UtcDateTime, TotalRequests(workload), UntoleratedFlavors(workload, state.Flavors)));
                continue;
            }

            if (WorkloadConditions.IsTrue(workload, KueueApi.Evicted))
            {
                admitted.Add(Snapshot(workload, key, now) with { Evicting = true });
                await StopEvictedAsync(job, workload, jobPods, now, ct);
                continue;
            }

            admitted.Add(Snapshot(workload, key, now));
            if (job.Spec.Suspend == true)
            {
                await PatchJobAsync(job, JobPatches.Start(workload.Spec.PodSets[0].Template.Spec, AssignedFlavors(admission, flavors)), ct);
            }

            var deadline = await TrackPodsReadyAsync(job, workload, jobPods, now, ct);
            if (deadline is { } due)
            {
                nextDeadline = nextDeadline is null || due < nextDeadline ? due : nextDeadline;
            }
        }

        var (schedulable, live) = options.QuotaFollowsNodes ? NodeCapacity(state.Nodes, state.Flavors) : (null, null);
        var plan = AdmissionPlanner.Plan(new AdmissionInput(Queues(state.ClusterQueues), admitted, pending, schedulable, live));
        var workloadsByKey = state.Workloads.ToDictionary(Key, StringComparer.Ordinal);
        foreach (var eviction in plan.Evictions)
        {
            await EvictAsync(workloadsByKey[eviction.Key], eviction.Reason, eviction.Message, now, ct);
        }

        foreach (var grant in plan.Admissions)
        {
            await AdmitAsync(workloadsByKey[grant.Key], jobsByWorkload[grant.Key], grant, flavors, now, ct);
        }

        foreach (var (key, message) in plan.Inadmissible)
        {
            await UpdateStatusAsync(workloadsByKey[key], (conditions, generation) =>
                WorkloadConditions.Set(conditions, KueueApi.QuotaReserved, false, "Pending", message, now, generation), ct);
        }

        return nextDeadline;
    }

    private async Task CreateWorkloadAsync(V1Job job, CancellationToken ct)
    {
        if (job.Spec.Suspend != true)
        {
            // Kueue's webhook creates the Job suspended; a Job that slipped through is suspended now.
            await PatchJobAsync(job, """{"spec":{"suspend":true}}""", ct);
        }

        var workload = new Workload
        {
            Metadata = new V1ObjectMeta
            {
                Name = WorkloadNames.ForJob(job.Metadata.Name, job.Metadata.Uid),
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/job-uid"] = job.Metadata.Uid ?? "" },
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "batch/v1",
                        Kind = "Job",
                        Name = job.Metadata.Name,
                        Uid = job.Metadata.Uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new WorkloadSpec
            {
                QueueName = job.Metadata.Labels[KueueApi.QueueNameLabel],
                PodSets = [new PodSet { Name = "main", Count = job.Spec.Parallelism ?? 1, Template = job.Spec.Template }],
            },
        };
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(workload, KueueApi.Group, KueueApi.Version, job.Metadata.NamespaceProperty, KueueApi.Workloads, cancellationToken: ct);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier pass whose list did not show it yet.
        }
    }

    private async Task AdmitAsync(Workload workload, V1Job job, AdmissionGrant grant, Dictionary<string, ResourceFlavor> flavors, DateTimeOffset now, CancellationToken ct)
    {
        var podSet = workload.Spec.PodSets[0];
        var usage = TotalRequests(workload);
        var admission = new WorkloadAdmission
        {
            ClusterQueue = grant.ClusterQueue,
            PodSetAssignments =
            [
                new PodSetAssignment
                {
                    Name = podSet.Name,
                    Count = podSet.Count,
                    Flavors = grant.FlavorByResource.ToDictionary(kv => kv.Key, kv => kv.Value),
                    ResourceUsage = usage.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value.ToString(CultureInfo.InvariantCulture))),
                },
            ],
        };
        var conditions = workload.Status?.Conditions?.ToList() ?? [];
        var generation = workload.Metadata.Generation;
        var message = $"Quota reserved in ClusterQueue {grant.ClusterQueue}";
        WorkloadConditions.Set(conditions, KueueApi.QuotaReserved, true, "QuotaReserved", message, now, generation);
        WorkloadConditions.Set(conditions, KueueApi.Admitted, true, "Admitted", "The workload is admitted", now, generation);
        if (WorkloadConditions.Find(workload, KueueApi.Evicted) is { Status: "True" } evicted)
        {
            WorkloadConditions.Set(conditions, KueueApi.Evicted, false, "QuotaReserved", "Previously: " + evicted.Message, now, generation);
        }

        if (options.WaitForPodsReadyTimeout is not null)
        {
            WorkloadConditions.Set(conditions, KueueApi.PodsReady, false, "WaitForStart", "Not all pods are ready or succeeded", now, generation);
        }

        await PatchWorkloadStatusAsync(workload, conditions, ct, setAdmission: true, admission);
        await PatchJobAsync(job, JobPatches.Start(podSet.Template.Spec, AssignedFlavors(admission, flavors)), ct);
    }

    private async Task EvictAsync(Workload workload, string reason, string message, DateTimeOffset now, CancellationToken ct)
    {
        await UpdateStatusAsync(workload, (conditions, generation) =>
        {
            var changed = WorkloadConditions.Set(conditions, KueueApi.Evicted, true, reason, message, now, generation);
            return WorkloadConditions.Set(conditions, KueueApi.Admitted, false, "NoReservation", "The workload is being evicted", now, generation) || changed;
        }, ct);
    }

    /// <summary>Suspend the evicted Job and restore its template; once its pods are gone, release the quota and requeue.</summary>
    private async Task StopEvictedAsync(V1Job job, Workload workload, List<V1Pod> pods, DateTimeOffset now, CancellationToken ct)
    {
        var original = workload.Spec.PodSets[0].Template.Spec;
        if (job.Spec.Suspend != true || !SameSelector(job.Spec.Template.Spec.NodeSelector, original.NodeSelector))
        {
            await PatchJobAsync(job, JobPatches.Stop(job.Spec.Template.Spec, original), ct);
            return;
        }

        if (pods.Any(p => p.Status?.Phase is not ("Succeeded" or "Failed")))
        {
            return;
        }

        var evicted = WorkloadConditions.Find(workload, KueueApi.Evicted)!;
        var conditions = workload.Status?.Conditions?.ToList() ?? [];
        var generation = workload.Metadata.Generation;
        WorkloadConditions.Set(conditions, KueueApi.QuotaReserved, false, "Pending", $"Evicted ({evicted.Reason}) and requeued", now, generation);
        WorkloadConditions.Set(conditions, KueueApi.Requeued, true, evicted.Reason, evicted.Message, now, generation);
        conditions.RemoveAll(c => c.Type == KueueApi.PodsReady);
        await PatchWorkloadStatusAsync(workload, conditions, ct, setAdmission: true);
    }

    private async Task<TimeSpan?> TrackPodsReadyAsync(V1Job job, Workload workload, List<V1Pod> pods, DateTimeOffset now, CancellationToken ct)
    {
        if (options.WaitForPodsReadyTimeout is not { } timeout)
        {
            return null;
        }

        var wanted = workload.Spec.PodSets[0].Count;
        var ready = pods.Count(p => p.Metadata.DeletionTimestamp is null && (p.Status?.Phase == "Succeeded" || (p.Status?.Phase == "Running" && (p.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status ?? "True") == "True")));
        var allReady = ready >= wanted;
        var conditions = workload.Status?.Conditions?.ToList() ?? [];
        var changed = WorkloadConditions.Set(
            conditions,
            KueueApi.PodsReady,
            allReady,
            allReady ? "PodsReady" : "WaitForRecovery",
            allReady ? "All pods reached readiness and the workload is running" : $"{ready} of {wanted} pods are ready",
            now,
            workload.Metadata.Generation);
        if (changed)
        {
            await PatchWorkloadStatusAsync(workload, conditions, ct);
        }

        if (allReady)
        {
            return null;
        }

        var since = new DateTimeOffset(DateTime.SpecifyKind(conditions.First(c => c.Type == KueueApi.PodsReady).LastTransitionTime, DateTimeKind.Utc));
        var remaining = since + timeout - now;
        if (remaining > TimeSpan.Zero)
        {
            return remaining;
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"Exceeded the PodsReady timeout {timeout} for {job.Metadata.NamespaceProperty}/{job.Metadata.Name}");
        await EvictAsync(workload, "PodsReadyTimeout", message, now, ct);
        return null;
    }

    private async Task UpdateStatusAsync(Workload workload, Func<List<V1Condition>, long?, bool> change, CancellationToken ct)
    {
        var conditions = workload.Status?.Conditions?.ToList() ?? [];
        if (change(conditions, workload.Metadata.Generation))
        {
            await PatchWorkloadStatusAsync(workload, conditions, ct);
        }
    }

    /// <summary>Merge-patches the status; <paramref name="admission"/> is written (null clears it) only when <paramref name="setAdmission"/>.</summary>
    private async Task PatchWorkloadStatusAsync(Workload workload, List<V1Condition> conditions, CancellationToken ct, bool setAdmission = false, WorkloadAdmission? admission = null)
    {
        var status = new JsonObject { ["conditions"] = JsonNode.Parse(KubernetesJson.Serialize(conditions)) };
        if (setAdmission)
        {
            // The client's serializer drops nulls, and a merge patch needs an explicit null to remove a field.
            status["admission"] = admission is null ? null : JsonNode.Parse(KubernetesJson.Serialize(admission));
        }

        var body = new V1Patch(new JsonObject { ["status"] = status }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await IgnoreNotFound(client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(body, KueueApi.Group, KueueApi.Version, workload.Metadata.NamespaceProperty, KueueApi.Workloads, workload.Metadata.Name, cancellationToken: ct));
    }

    private async Task PatchJobAsync(V1Job job, string mergePatch, CancellationToken ct) =>
        await IgnoreNotFound(client.BatchV1.PatchNamespacedJobAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: ct));

    private static async Task IgnoreNotFound(Task call)
    {
        try
        {
            await call;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile: nothing left to update.
        }
    }

    private static string Key(Workload workload) => workload.Metadata.NamespaceProperty + "/" + workload.Metadata.Name;

    private static bool SameSelector(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual((b ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal));

    private static bool IsFinished(V1Job job, out string reason)
    {
        var finished = job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True");
        reason = finished?.Type == "Complete" ? "Succeeded" : "Failed";
        return finished is not null;
    }

    private static string? ClusterQueueOf(Workload workload, IReadOnlyList<LocalQueue> localQueues) =>
        localQueues.FirstOrDefault(q => q.Metadata.NamespaceProperty == workload.Metadata.NamespaceProperty && q.Metadata.Name == workload.Spec.QueueName)?.Spec.ClusterQueue is { Length: > 0 } cq ? cq : null;

    private static Dictionary<string, decimal> TotalRequests(Workload workload)
    {
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var podSet in workload.Spec.PodSets)
        {
            ResourceAmounts.AddTo(total, ResourceAmounts.Times(ResourceAmounts.PerPod(podSet.Template.Spec), podSet.Count));
        }

        return total;
    }

    /// <summary>Flavors with a NoSchedule/NoExecute nodeTaint that neither the pods nor the flavor's own tolerations tolerate.</summary>
    private static HashSet<string> UntoleratedFlavors(Workload workload, IEnumerable<ResourceFlavor> flavors)
    {
        var podTolerations = workload.Spec.PodSets[0].Template.Spec.Tolerations ?? [];
        return flavors
            .Where(f => (f.Spec.NodeTaints ?? []).Any(t => t.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Tolerates(podTolerations.Concat(f.Spec.Tolerations ?? []), t)))
            .Select(f => f.Metadata.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static AdmittedSnapshot Snapshot(Workload workload, string key, DateTimeOffset now)
    {
        var assignment = workload.Status!.Admission!.PodSetAssignments.FirstOrDefault() ?? new PodSetAssignment();
        var admittedAt = WorkloadConditions.Find(workload, KueueApi.QuotaReserved)?.LastTransitionTime is { } at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : now;
        return new AdmittedSnapshot(key, workload.Status.Admission.ClusterQueue, assignment.Flavors, TotalRequests(workload), admittedAt);
    }

    private static IEnumerable<ResourceFlavor> AssignedFlavors(WorkloadAdmission admission, Dictionary<string, ResourceFlavor> flavors) =>
        admission.PodSetAssignments.SelectMany(a => a.Flavors.Values).Distinct(StringComparer.Ordinal)
            .Select(name => flavors.GetValueOrDefault(name)).OfType<ResourceFlavor>();

    private static List<QueueSnapshot> Queues(IEnumerable<ClusterQueue> queues) => queues.Select(q => new QueueSnapshot(
        q.Metadata.Name,
        StrictFifo: (q.Spec.QueueingStrategy ?? KueueApi.BestEffortFifo) == KueueApi.StrictFifo,
        (q.Spec.ResourceGroups ?? []).Select(g => new GroupSnapshot(
            g.CoveredResources ?? [],
            (g.Flavors ?? []).Select(f => new FlavorQuotaSnapshot(
                f.Name,
                (f.Resources ?? []).ToDictionary(r => r.Name, r => ResourceAmounts.Amount(r.NominalQuota), StringComparer.Ordinal),
                (f.Resources ?? []).Where(r => r.BorrowingLimit is not null).ToDictionary(r => r.Name, r => ResourceAmounts.Amount(r.BorrowingLimit), StringComparer.Ordinal))).ToList())).ToList(),
        q.Spec.CohortName ?? q.Spec.Cohort)).ToList();

    /// <summary>GPUs per flavor on Ready nodes matching its labels: schedulable (taints tolerated) and live (any taint).</summary>
    private static (Dictionary<string, IReadOnlyDictionary<string, decimal>> Schedulable, Dictionary<string, IReadOnlyDictionary<string, decimal>> Live) NodeCapacity(
        IReadOnlyList<V1Node> nodes, IReadOnlyList<ResourceFlavor> flavors)
    {
        var schedulable = new Dictionary<string, IReadOnlyDictionary<string, decimal>>(StringComparer.Ordinal);
        var live = new Dictionary<string, IReadOnlyDictionary<string, decimal>>(StringComparer.Ordinal);
        var ready = nodes.Where(n => n.Metadata.DeletionTimestamp is null && n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).ToList();
        foreach (var flavor in flavors)
        {
            var matching = ready.Where(n => (flavor.Spec.NodeLabels ?? []).All(l => n.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)).ToList();
            decimal Gpus(IEnumerable<V1Node> set) => set.Sum(n => n.Status.Allocatable?.TryGetValue(ProviderConventions.GpuResource, out var gpus) == true ? ResourceAmounts.Amount(gpus) : 0);
            live[flavor.Metadata.Name] = new Dictionary<string, decimal> { [ProviderConventions.GpuResource] = Gpus(matching) };
            var untainted = matching.Where(n => (n.Spec?.Taints ?? []).Where(t => t.Effect is "NoSchedule" or "NoExecute").All(t => Tolerations.Tolerates(flavor.Spec.Tolerations, t)));
            schedulable[flavor.Metadata.Name] = new Dictionary<string, decimal> { [ProviderConventions.GpuResource] = Gpus(untainted) };
        }

        return (schedulable, live);
    }
}
