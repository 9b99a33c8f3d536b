using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Preemption;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>
/// A tiny in-memory world for reconcile tests: the run, its Jobs, pods and nodes, and a clock. <see cref="Step"/>
/// reconciles, applies the actions the way the controller would (create Job, delete Job, annotate pods), writes the
/// status, and returns the result, so a test reads like the story it checks.
/// </summary>
internal sealed class Cluster
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public TrainingRun Run { get; }

    public List<V1Job> Jobs { get; } = [];

    public List<V1Pod> Pods { get; } = [];

    public Dictionary<string, V1Node> Nodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KueueEviction> Evictions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KueueWorkloadState> Workloads { get; } = new(StringComparer.Ordinal);

    /// <summary>Kueue's queues and flavors as the controller read them; the sample's AWS setup unless a test changes it.</summary>
    public KueueFlavorMap? Kueue { get; set; } = FlavorMaps.Sample("karpenter.sh/capacity-type", "spot", "on-demand");

    public DateTimeOffset Now { get; set; } = T0;

    public List<ReconcileAction> Applied { get; } = [];

    public ReconcileSettings Settings { get; set; } = ReconcileSettings.Default;

    public TrainingRunStatus Status => Run.Status!;

    public Cluster(TrainingRun run)
    {
        Run = run;
    }

    public static Cluster ForQuickstart(Action<TrainingRunSpec>? configure = null)
    {
        var run = new TrainingRun
        {
            Metadata = new V1ObjectMeta { Name = "quick", NamespaceProperty = "default", Uid = "uid-1", Generation = 1, Labels = new Dictionary<string, string> { ["team"] = "vision" } },
            Spec = new TrainingRunSpec
            {
                Workers = 2,
                Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
                Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = "file:///tmp/ckpt" }, Interval = "10m" },
                Capacity = new CapacitySpec { Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterPreemptions], AfterPreemptions = 2 } },
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "trainer",
                                Image = "python:3.11",
                                Command = ["python3", "train.py"],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") },
                                },
                            },
                        ],
                    },
                },
            },
        };
        configure?.Invoke(run.Spec);
        return new Cluster(run);
    }

    public ReconcileResult Step(TimeSpan? after = null)
    {
        Now += after ?? TimeSpan.Zero;
        var snapshot = new RunSnapshot(Run, [.. Jobs], [.. Pods], new Dictionary<string, V1Node>(Nodes), new Dictionary<string, KueueEviction>(Evictions), Now,
            new Dictionary<string, KueueWorkloadState>(Workloads), Kueue);
        var result = RunReconciler.Reconcile(snapshot, Settings);
        Run.Status = result.Status;
        foreach (var action in result.Actions)
        {
            Applied.Add(action);
            switch (action)
            {
                case AddFinalizer:
                    Run.Metadata.Finalizers = [.. Run.Metadata.Finalizers ?? [], Finalizers.Run];
                    break;
                case RemoveFinalizer:
                    Run.Metadata.Finalizers = [.. (Run.Metadata.Finalizers ?? []).Where(f => f != Finalizers.Run)];
                    break;
                case CreateJob create when Jobs.All(j => j.Metadata.Name != create.Job.Metadata.Name):
                    Jobs.Add(create.Job);
                    break;
                case DeleteJob delete:
                    Jobs.RemoveAll(j => j.Metadata.Name == delete.Name);
                    Pods.RemoveAll(p => p.Metadata.Labels?[Labels.Attempt] == delete.Name.Split('-')[^1]);
                    break;
                case RequestSave save:
                    var pod = Pods.Single(p => p.Metadata.Name == save.PodName);
                    pod.Metadata.Annotations ??= new Dictionary<string, string>();
                    pod.Metadata.Annotations[Annotations.SaveRequest] = save.RequestId;
                    break;
            }
        }

        return result;
    }

    /// <summary>Kueue admits the attempt and every worker starts running on its own node of the given pool.</summary>
    public void StartWorkers(int attempt, string pool = "spot")
    {
        for (var rank = 0; rank < Run.Spec.Workers; rank++)
        {
            var node = Invariant($"{pool}-node-{attempt}-{rank}");
            Nodes[node] = new V1Node { Metadata = new V1ObjectMeta { Name = node }, Spec = new V1NodeSpec(), Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] } };
            Pods.Add(new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    Name = Invariant($"quick-{attempt}-{rank}-abcde"),
                    Labels = new Dictionary<string, string> { [Labels.Run] = "quick", [Labels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture) },
                    Annotations = new Dictionary<string, string>(),
                },
                Spec = new V1PodSpec { NodeName = node },
                Status = new V1PodStatus { Phase = "Running" },
            });
        }
    }

    public IEnumerable<V1Pod> PodsOf(int attempt) => Pods.Where(p => p.Metadata.Labels[Labels.Attempt] == attempt.ToString(CultureInfo.InvariantCulture));

    public void Taint(string node, string key) =>
        Nodes[node].Spec.Taints = [.. Nodes[node].Spec.Taints ?? [], new V1Taint { Key = key, Effect = "NoSchedule", Value = "evt-1" }];

    public void Untaint(string node, string key) =>
        Nodes[node].Spec.Taints = [.. (Nodes[node].Spec.Taints ?? []).Where(t => t.Key != key)];

    /// <summary>The pod gets the DisruptionTarget condition, stamped now, as the kubelet or taint manager sets it.</summary>
    public void Disrupt(V1Pod pod, string reason = "TerminationByKubelet") =>
        pod.Status.Conditions = [.. pod.Status.Conditions ?? [], new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = reason, LastTransitionTime = Now.UtcDateTime }];

    /// <summary>The agent commits a checkpoint and, if it answers a request, says so on rank 0's pod.</summary>
    public void Commit(int attempt, long step, string? answering = null)
    {
        var pod = PodsOf(attempt).First();
        var checkpoint = new CheckpointStatus { Id = Invariant($"{step:D12}-a{attempt}"), Step = step, Time = Now, SizeBytes = 4 << 20, Uri = "file:///tmp/ckpt/x", Attempt = attempt };
        pod.Metadata.Annotations[Annotations.LastCheckpoint] = JsonSerializer.Serialize(checkpoint);
        if (answering is not null)
        {
            pod.Metadata.Annotations[Annotations.SaveCompleted] = answering;
        }
    }

    /// <summary>Every worker's restore init container reports what the gang restored (null id: a fresh start).</summary>
    public void ReportRestore(int attempt, long? step, params (string Id, string Reason)[] skipped)
    {
        var report = new RestoreReport
        {
            Attempt = attempt,
            Id = step is { } s ? Invariant($"{s:D12}-a{attempt - 1}") : null,
            Step = step,
            Skipped = [.. skipped.Select(k => new SkippedCheckpoint { Id = k.Id, Reason = k.Reason })],
        };
        foreach (var pod in PodsOf(attempt))
        {
            pod.Metadata.Annotations[Annotations.Restored] = JsonSerializer.Serialize(report);
        }
    }

    /// <summary>The restore init containers (or sidecars) of an attempt ended with this termination message (AgentTerminationMessage).</summary>
    public void RestoreEnded(int attempt, string message, string container = AttemptNames.RestoreContainer)
    {
        foreach (var pod in PodsOf(attempt))
        {
            pod.Status.InitContainerStatuses =
            [
                new V1ContainerStatus { Name = container, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", Message = message } } },
            ];
        }
    }

    public void Exit(V1Pod pod, int code, string reason = "Error")
    {
        pod.Status.Phase = code == 0 ? "Succeeded" : "Failed";
        pod.Status.ContainerStatuses =
        [
            new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = reason, FinishedAt = Now.UtcDateTime } } },
        ];
    }

    public void CompleteJob(int attempt)
    {
        foreach (var pod in PodsOf(attempt))
        {
            Exit(pod, 0, "Completed");
        }

        Jobs.Single(j => j.Metadata.Name == $"quick-{attempt}").Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
    }

    public IEnumerable<PublishEvent> Events => Applied.OfType<PublishEvent>();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
