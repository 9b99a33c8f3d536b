using System.Collections.Concurrent;
using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>
/// The batch/v1 Job controller of the sandbox: creates a Job's pods (Indexed or NonIndexed), tracks
/// them with the <c>batch.kubernetes.io/job-tracking</c> finalizer so that no terminated pod goes
/// uncounted, applies suspend, backoffLimit and podFailurePolicy, and writes the Job's status.
/// </summary>
public sealed class JobController(TimeProvider time, ILoggerFactory? loggerFactory = null, Random? random = null) : IAsyncDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<JobController>();
    private readonly Random _random = random ?? Random.Shared;
    private readonly ConcurrentDictionary<string, JobTracking> _tracking = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, V1Pod>> _podsByJob = new(StringComparer.Ordinal);
    private readonly Lock _podsGate = new();
    private BackgroundLoops? _loops;
    private IKubernetes? _client;
    private Informer<V1Job>? _jobs;
    private WorkQueue? _queue;

    /// <summary>Test seam: runs on the pod informer's thread before a pod event is recorded (to hold it back).</summary>
    internal Action<V1Pod>? BeforePodRecorded { get; set; }

    /// <summary>Test seam: awaited by a reconcile right after it took its view (Job key, pods in the view).</summary>
    internal Func<string, int, Task>? ViewTaken { get; set; }

    /// <summary>Starts watching Jobs and pods; returns once both caches are loaded.</summary>
    public async Task StartAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        if (_loops is not null)
        {
            throw new InvalidOperationException("The job controller is already started.");
        }

        _client = client;
        _loops = new BackgroundLoops();
        _queue = new WorkQueue("jobs", time, _logger);
        _jobs = Informers.Jobs(client, c => _queue.Enqueue(c.Key), time, _logger);
        var pods = Informers.Pods(client, OnPod, time, _logger);
        _loops.Run(_jobs.RunAsync);
        _loops.Run(pods.RunAsync);
        await Task.WhenAll(_jobs.Synced, pods.Synced).WaitAsync(cancellationToken);
        _loops.Run(ct => _queue.RunAsync(ReconcileAsync, ct));
    }

    public ValueTask DisposeAsync() => _loops?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void OnPod(ObjectChange<V1Pod> change)
    {
        var pod = change.Current ?? change.Previous!;
        var jobName = JobPodFactory.ControllerNameOf(pod);
        var jobUid = JobPodFactory.ControllerUidOf(pod);
        if (jobName is null || jobUid is null)
        {
            return;
        }

        BeforePodRecorded?.Invoke(pod);
        var jobKey = ObjectKey.Of(pod.Metadata.NamespaceProperty, jobName);
        // Under the pods gate: a Job's emptied cache entry is being forgotten (ForgetGone) only while no event adds to it.
        lock (_podsGate)
        {
            Record(change, pod, jobKey, jobUid);
        }

        _queue!.Enqueue(jobKey);
    }

    private void Record(ObjectChange<V1Pod> change, V1Pod pod, string jobKey, string jobUid)
    {
        var pods = _podsByJob.GetOrAdd(jobKey, _ => new ConcurrentDictionary<string, V1Pod>(StringComparer.Ordinal));
        var tracking = TrackingOf(jobUid, jobKey);
        lock (tracking.Gate)
        {
            tracking.PendingCreates.Remove(pod.Metadata.Name);
            if (change.Current is null)
            {
                pods.TryRemove(change.Key, out _);
                var wasCounted = tracking.Counted.Remove(pod.Metadata.Uid);
                if (!wasCounted && PodStates.HasFinalizer(pod, JobLabels.TrackingFinalizer))
                {
                    // Removed without our finalizer being released (forced deletion): count it from its last state.
                    tracking.Vanished[pod.Metadata.Uid] = pod;
                }
            }
            else
            {
                pods[change.Key] = change.Current;
            }
        }
    }

    private JobTracking TrackingOf(string jobUid, string jobKey) => _tracking.GetOrAdd(jobUid, _ => new JobTracking(jobKey));

    private async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var pods = PodsOf(key);
        if (!_jobs!.TryGet(key, out var job) || job.Metadata.DeletionTimestamp is not null)
        {
            await ReleaseOrphansAsync(pods, currentUid: null, cancellationToken);
            ForgetGone(key, currentUid: null);
            return;
        }

        await ReleaseOrphansAsync(pods, job.Metadata.Uid, cancellationToken);
        ForgetGone(key, job.Metadata.Uid);
        await SyncJobAsync(key, job, cancellationToken);
    }

    private List<V1Pod> PodsOf(string key) => _podsByJob.TryGetValue(key, out var byKey) ? [.. byKey.Values] : [];

    /// <summary>
    /// Drops what is remembered of a Job that is gone (or replaced by a namesake) once none of its pods is left in the
    /// cache; a later event about such a pod simply starts a fresh record.
    /// </summary>
    private void ForgetGone(string key, string? currentUid)
    {
        lock (_podsGate)
        {
            var cached = PodsOf(key);
            foreach (var (uid, tracking) in _tracking.Where(t => t.Value.JobKey == key && t.Key != currentUid))
            {
                if (cached.All(p => JobPodFactory.ControllerUidOf(p) != uid))
                {
                    _tracking.TryRemove(uid, out _);
                }
            }

            if (currentUid is null && cached.Count == 0)
            {
                _podsByJob.TryRemove(key, out _);
            }
        }
    }

    /// <summary>How many Jobs the controller remembers anything about (tracking records and pod caches).</summary>
    internal (int Tracked, int Cached) Remembered() => (_tracking.Count, _podsByJob.Count);

    /// <summary>The pods of a Job in the controller's cache.</summary>
    internal int CachedPods(string key) => PodsOf(key).Count;

    /// <summary>Pods whose Job is gone (or was replaced by a namesake) must not keep our finalizer forever.</summary>
    private async Task ReleaseOrphansAsync(List<V1Pod> pods, string? currentUid, CancellationToken cancellationToken)
    {
        foreach (var pod in pods.Where(p => JobPodFactory.ControllerUidOf(p) != currentUid))
        {
            if (!PodStates.HasFinalizer(pod, JobLabels.TrackingFinalizer))
            {
                continue;
            }

            if (JobPodStates.IsFinished(pod))
            {
                await RemoveTrackingFinalizerAsync(pod, cancellationToken);
            }
            else if (pod.Metadata.DeletionTimestamp is null)
            {
                await PodUpdates.DeleteAsync(_client!, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, cancellationToken);
            }
        }
    }

    private async Task SyncJobAsync(string key, V1Job job, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var tracking = TrackingOf(job.Metadata.Uid, key);
        lock (tracking.Gate)
        {
            if (VersionOf(job) < tracking.WrittenVersion)
            {
                // The cache has not seen our last status write yet; its watch event will bring us back.
                return;
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var status = job.Status is null ? new V1JobStatus() : KubernetesJson.Deserialize<V1JobStatus>(KubernetesJson.Serialize(job.Status));
        var indexed = spec.CompletionMode == "Indexed";
        var parallelism = spec.Parallelism ?? 1;
        var completions = spec.Completions ?? (indexed ? parallelism : null);
        var backoffLimit = spec.BackoffLimit ?? 6;
        var completed = CompletedIndexes.Parse(status.CompletedIndexes);
        var succeeded = status.Succeeded ?? 0;
        var failed = status.Failed ?? 0;
        string? failJobMessage = null;

        List<V1Pod> pods;
        List<V1Pod> toCount;
        Dictionary<string, int?> pending;
        lock (tracking.Gate)
        {
            // The pods and the creations not yet seen are read together: the pod informer moves a pod from one to the
            // other under this lock, so a pod is always in exactly one of them. Read apart (the pods first, at the start
            // of the reconcile), a pod's arrival in between hid it from both and its index got a second pod.
            pods = [.. PodsOf(key).Where(p => JobPodFactory.ControllerUidOf(p) == job.Metadata.Uid)];
            toCount = [.. pods
                .Where(p => PodStates.HasFinalizer(p, JobLabels.TrackingFinalizer) && JobPodStates.IsFinished(p))
                .Concat(tracking.Vanished.Values)
                .Where(p => !tracking.Counted.Contains(p.Metadata.Uid))
                .DistinctBy(p => p.Metadata.Uid)];
            pending = new Dictionary<string, int?>(tracking.PendingCreates, StringComparer.Ordinal);
        }

        if (ViewTaken is { } viewTaken)
        {
            await viewTaken(key, pods.Count);
        }

        foreach (var pod in toCount)
        {
            if (pod.Status?.Phase == "Succeeded")
            {
                if (!indexed)
                {
                    succeeded++;
                }
                else if (JobPodFactory.IndexOf(pod) is { } index && index < completions)
                {
                    completed.Add(index);
                }

                continue;
            }

            bool deletedByUs;
            lock (tracking.Gate)
            {
                deletedByUs = tracking.DeletedByController.Contains(pod.Metadata.Uid);
            }

            if (deletedByUs)
            {
                continue;
            }

            var verdict = PodFailurePolicyEvaluator.Evaluate(spec.PodFailurePolicy, pod);
            if (verdict.Action == PodFailureAction.Ignore)
            {
                continue;
            }

            failed++;
            if (verdict.Action == PodFailureAction.FailJob)
            {
                failJobMessage ??= verdict.Message;
            }
        }

        if (indexed)
        {
            succeeded = completed.Count;
            status.CompletedIndexes = CompletedIndexes.Format(completed);
        }

        var active = pods.Where(p => !PodStates.IsTerminal(p) && p.Metadata.DeletionTimestamp is null).ToList();
        var terminating = pods.Where(p => !PodStates.IsTerminal(p) && p.Metadata.DeletionTimestamp is not null).ToList();
        var toDelete = new List<V1Pod>();
        var toCreate = new List<int?>();

        var finished = JobConditions.IsTrue(status, JobConditions.Complete) || JobConditions.IsTrue(status, JobConditions.Failed);
        if (!finished)
        {
            if (failJobMessage is not null)
            {
                JobConditions.Set(status, JobConditions.Failed, true, "PodFailurePolicy", failJobMessage, now);
                finished = true;
            }
            else if (failed > backoffLimit)
            {
                JobConditions.Set(status, JobConditions.Failed, true, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
                finished = true;
            }
            else if (completions is { } wanted ? succeeded >= wanted : succeeded > 0 && active.Count == 0 && pending.Count == 0)
            {
                JobConditions.Set(status, JobConditions.Complete, true, "CompletionsReached", "Reached expected number of succeeded pods", now);
                status.CompletionTime = now;
                finished = true;
            }
        }

        if (finished)
        {
            toDelete.AddRange(active);
        }
        else if (spec.Suspend == true)
        {
            JobConditions.Set(status, JobConditions.Suspended, true, "JobSuspended", "Job suspended", now);
            toDelete.AddRange(active);
        }
        else
        {
            if (JobConditions.IsTrue(status, JobConditions.Suspended))
            {
                JobConditions.Set(status, JobConditions.Suspended, false, "JobResumed", "Job resumed", now);
                status.StartTime = now;
            }

            status.StartTime ??= now;
            var busy = active.Count + terminating.Count + pending.Count;
            var slots = Math.Max(0, parallelism - busy);
            if (indexed)
            {
                var occupied = active.Concat(terminating).Select(JobPodFactory.IndexOf).Concat(pending.Values).OfType<int>().ToHashSet();
                toCreate.AddRange(Enumerable.Range(0, completions ?? parallelism)
                    .Where(i => !completed.Contains(i) && !occupied.Contains(i))
                    .Take(slots)
                    .Select(i => (int?)i));
            }
            else
            {
                var remaining = completions is { } wanted ? wanted - succeeded - busy : succeeded > 0 ? 0 : slots;
                toCreate.AddRange(Enumerable.Repeat<int?>(null, Math.Max(0, Math.Min(slots, remaining))));
            }
        }

        status.Succeeded = succeeded;
        status.Failed = failed;
        status.Active = active.Count - toDelete.Count(active.Contains) + pending.Count + toCreate.Count;
        status.Ready = active.Where(p => !toDelete.Contains(p)).Count(PodStates.IsReady);
        status.Terminating = terminating.Count + toDelete.Count;

        // Status first, then release the counted pods: a crash in between recounts nothing (Counted) and loses nothing.
        var written = await WriteStatusAsync(job, status, cancellationToken);
        lock (tracking.Gate)
        {
            tracking.WrittenVersion = Math.Max(tracking.WrittenVersion, written);
            foreach (var pod in toCount)
            {
                tracking.Counted.Add(pod.Metadata.Uid);
                tracking.Vanished.Remove(pod.Metadata.Uid);
            }
        }

        foreach (var pod in toCount.Where(p => pods.Any(q => q.Metadata.Uid == p.Metadata.Uid)))
        {
            await RemoveTrackingFinalizerAsync(pod, cancellationToken);
        }

        foreach (var pod in toDelete)
        {
            lock (tracking.Gate)
            {
                tracking.DeletedByController.Add(pod.Metadata.Uid);
            }

            await PodUpdates.DeleteAsync(_client!, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, cancellationToken);
        }

        foreach (var index in toCreate)
        {
            await CreatePodAsync(job, index, tracking, cancellationToken);
        }
    }

    /// <summary>Writes the status when it changed; returns the resourceVersion the Job then has.</summary>
    private async Task<long> WriteStatusAsync(V1Job job, V1JobStatus status, CancellationToken cancellationToken)
    {
        if (job.Status is not null && KubernetesJson.Serialize(job.Status) == KubernetesJson.Serialize(status))
        {
            return VersionOf(job);
        }

        var copy = KubernetesJson.Deserialize<V1Job>(KubernetesJson.Serialize(job));
        copy.Status = status;
        // The cached resourceVersion makes this fail with 409 when the cache is stale; the queue then retries.
        var stored = await _client!.BatchV1.ReplaceNamespacedJobStatusAsync(copy, job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        return VersionOf(stored);
    }

    private static long VersionOf(V1Job job) =>
        long.TryParse(job.Metadata.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;

    private async Task CreatePodAsync(V1Job job, int? index, JobTracking tracking, CancellationToken cancellationToken)
    {
        var pod = JobPodFactory.Create(job, index, _random);
        lock (tracking.Gate)
        {
            tracking.PendingCreates[pod.Metadata.Name] = index;
        }

        try
        {
            await _client!.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch
        {
            lock (tracking.Gate)
            {
                tracking.PendingCreates.Remove(pod.Metadata.Name);
            }

            throw;
        }
    }

    private Task<V1Pod?> RemoveTrackingFinalizerAsync(V1Pod pod, CancellationToken cancellationToken) =>
        PodUpdates.UpdateAsync(
            _client!,
            pod.Metadata.NamespaceProperty,
            pod.Metadata.Name,
            fresh => fresh.Metadata.Uid == pod.Metadata.Uid && fresh.Metadata.Finalizers?.Remove(JobLabels.TrackingFinalizer) == true,
            cancellationToken,
            pod);
}
