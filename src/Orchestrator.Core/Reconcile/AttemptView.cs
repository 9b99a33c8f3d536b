using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Reconcile;

/// <summary>The live attempt as observed: its Job, its pods and their nodes, reduced to what the decisions need.</summary>
internal sealed class AttemptView
{
    private AttemptView(V1Job job, IReadOnlyList<V1Pod> pods, int workers)
    {
        Job = job;
        Pods = pods;
        Workers = workers;
    }

    public V1Job Job { get; }

    public IReadOnlyList<V1Pod> Pods { get; }

    public int Workers { get; }

    /// <summary>Every worker's pod exists and its trainer container is running.</summary>
    public bool AllRunning => LivePods.Count(p => p.Status?.Phase == "Running") >= Workers;

    /// <summary>
    /// Every worker is running or has finished its part: the gang started. Workers finish one by one at the end of a
    /// run; between the first exit and the Job's Complete condition the attempt is still running, not waiting.
    /// </summary>
    public bool AllStarted => Pods.Count(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase is "Running" or "Succeeded") >= Workers;

    public IEnumerable<V1Pod> LivePods => Pods.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed"));

    public bool Complete => HasJobCondition("Complete");

    /// <summary>The Job failed, or a worker pod failed: a gang cannot go on with a missing worker.</summary>
    public bool Failed => HasJobCondition("Failed") || Pods.Any(p => p.Status?.Phase == "Failed");

    public static AttemptView Of(V1Job job, IEnumerable<V1Pod> runPods, int attempt, int workers)
    {
        var attemptLabel = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pods = runPods
            .Where(p => p.Metadata.Labels?.TryGetValue(Labels.Attempt, out var a) == true && a == attemptLabel)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return new AttemptView(job, pods, workers);
    }

    /// <summary>Pods that had been scheduled to a node that no longer exists.</summary>
    public IEnumerable<V1Pod> OnVanishedNodes(IReadOnlyDictionary<string, V1Node> nodes) =>
        Pods.Where(p => p.Spec?.NodeName is { } node && !nodes.ContainsKey(node));

    public IReadOnlyList<NodeObservation> Nodes(IReadOnlyDictionary<string, V1Node> nodes, NoticeStatus? known, DateTimeOffset now)
    {
        var result = new List<NodeObservation>();
        foreach (var name in Pods.Select(p => p.Spec?.NodeName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!nodes.TryGetValue(name, out var node))
            {
                result.Add(new NodeObservation(name, [], DeletedAt: Seen(known, $"node/{name}", now)));
                continue;
            }

            var taints = (node.Spec?.Taints ?? [])
                .Select(t => new TaintObservation(t.Key, t.Value, t.Effect, Seen(known, $"node/{name}", now), t.TimeAdded is { } added ? new DateTimeOffset(added, TimeSpan.Zero) : null))
                .ToList();
            var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            DateTimeOffset? notReady = ready is not null && ready.Status != "True"
                ? ready.LastTransitionTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : now
                : null;
            result.Add(new NodeObservation(name, taints, notReady, node.Metadata.DeletionTimestamp is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : null));
        }

        return result;
    }

    public IReadOnlyList<PodObservation> PodObservations(DateTimeOffset now) =>
    [
        .. Pods.Select(p => new PodObservation(
            p.Metadata.Name,
            p.Spec?.NodeName,
            [.. (p.Status?.Conditions ?? []).Select(c => new PodConditionObservation(c.Type, c.Status, c.Reason, c.LastTransitionTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null, now))])),
    ];

    /// <summary>How each worker ended: the trainer's exit code (the first non-agent container), or the pod's reason.</summary>
    public IReadOnlyList<PodTermination> Terminations(IReadOnlyDictionary<string, V1Node> nodes)
    {
        var result = new List<PodTermination>();
        foreach (var pod in Pods)
        {
            var trainer = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name != AttemptNames.AgentContainer);
            var terminated = trainer?.State?.Terminated ?? trainer?.LastState?.Terminated;
            var vanished = pod.Spec?.NodeName is { } node && !nodes.ContainsKey(node);
            if (terminated is not null)
            {
                result.Add(new PodTermination(pod.Metadata.Name, pod.Spec?.NodeName, terminated.ExitCode, terminated.Reason ?? pod.Status?.Reason, terminated.Message,
                    terminated.FinishedAt is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : null));
            }
            else if (pod.Status?.Phase == "Failed" || vanished || pod.Metadata.DeletionTimestamp is not null)
            {
                result.Add(new PodTermination(pod.Metadata.Name, pod.Spec?.NodeName, null, pod.Status?.Reason ?? (vanished ? "NodeLost" : null), pod.Status?.Message));
            }
        }

        return result;
    }

    public IReadOnlyList<JobConditionObservation> JobConditions() =>
    [
        .. (Job.Status?.Conditions ?? [])
            .Where(c => c.Status == "True")
            .Select(c => new JobConditionObservation(c.Type, c.Reason, c.LastTransitionTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null)),
    ];

    /// <summary>Whether any pod's agent has answered the save request with a commit.</summary>
    public bool Answered(string requestId) =>
        Pods.Any(p => p.Metadata.Annotations?.TryGetValue(Annotations.SaveCompleted, out var done) == true && done == requestId);

    private bool HasJobCondition(string type) => Job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static DateTimeOffset Seen(NoticeStatus? known, string source, DateTimeOffset now) =>
        known is not null && known.Source == source ? known.ReceivedTime : now;
}
