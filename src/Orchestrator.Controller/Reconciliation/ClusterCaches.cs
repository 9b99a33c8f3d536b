using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Preemption;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// The controller's list+watch caches: TrainingRuns, and the Jobs, pods, nodes and Kueue Workloads that belong to
/// them. Every change is turned into the key of the run it concerns and handed to <see cref="Changed"/>, with where it
/// came from and whether it carries a preemption signal (<see cref="PreemptionSignals"/>: the urgent lane).
/// </summary>
internal sealed class ClusterCaches
{
    private const string PodsByNode = "node";
    private const string ByRun = "run";
    private const string WorkloadsByJob = "job";

    private readonly NoticeSignalTable _signals;

    public ClusterCaches(IKubernetes client, TimeProvider time, ILoggerFactory loggers, NoticeSignalTable signals)
    {
        _signals = signals;
        var selector = Labels.Run;
        Runs = new Informer<TrainingRun>(ListWatchSources.TrainingRuns(client), time, new InformerOptions { Name = "trainingruns" }, loggers.CreateLogger("informer.trainingruns"));
        Jobs = new Informer<V1Job>(ListWatchSources.Jobs(client, labelSelector: selector), time, new InformerOptions { Name = "jobs" }, loggers.CreateLogger("informer.jobs"));
        Pods = new Informer<V1Pod>(ListWatchSources.Pods(client, labelSelector: selector), time, new InformerOptions { Name = "pods" }, loggers.CreateLogger("informer.pods"));
        Nodes = new Informer<V1Node>(ListWatchSources.Nodes(client), time, new InformerOptions { Name = "nodes" }, loggers.CreateLogger("informer.nodes"));
        Workloads = new Informer<Workload>(ListWatchSources.Workloads(client, versions: new KueueVersions(client)), time, new InformerOptions { Name = "workloads" }, loggers.CreateLogger("informer.workloads"));
        Pods.AddIndex(PodsByNode, IndexFunctions.PodNodeName);
        LocalQueues = QueueInformer(client, time, loggers, KueueQueuePlurals.LocalQueues, namespaced: true);
        ClusterQueues = QueueInformer(client, time, loggers, KueueQueuePlurals.ClusterQueues, namespaced: false);
        ResourceFlavors = QueueInformer(client, time, loggers, KueueQueuePlurals.ResourceFlavors, namespaced: false);

        // A reconcile reads the metadata and status of Jobs, pods and Workloads and the node of a pod, nothing else;
        // the rest (pod templates with the agent's environment, in Jobs, pods and Workloads alike) is most of what a
        // cache of 10,000 runs would hold, so it is dropped on the way in.
        Runs.SetTransform(r => Trimmed(r));
        Jobs.SetTransform(j =>
        {
            if (j.Spec is { } spec)
            {
                spec.Template = null!;
            }

            return Trimmed(j);
        });
        Pods.SetTransform(p =>
        {
            p.Spec = new V1PodSpec { NodeName = p.Spec?.NodeName, Containers = [] };
            return Trimmed(p);
        });
        Workloads.SetTransform(w =>
        {
            w.Spec = new WorkloadSpec();
            return Trimmed(w);
        });

        // A reconcile reads one run's Jobs and pods: by index, not by a label scan of every cached object.
        Jobs.AddIndex(ByRun, RunIndex);
        Pods.AddIndex(ByRun, RunIndex);
        Workloads.AddIndex(WorkloadsByJob, w => (w.Metadata.OwnerReferences ?? []).Where(o => o.Kind == "Job").Select(o => $"{w.Metadata.NamespaceProperty}/{o.Name}"));

        Runs.AddHandler(r => Notify(ObjectKey.Of(r), ChangeSources.Run), (_, r) => Notify(ObjectKey.Of(r), ChangeSources.Run), r => Notify(ObjectKey.Of(r), ChangeSources.Run));
        Jobs.AddHandler(j => Notify(RunKey.FromLabels(j.Metadata), ChangeSources.Job), (_, j) => Notify(RunKey.FromLabels(j.Metadata), ChangeSources.Job),
            j => Notify(RunKey.FromLabels(j.Metadata), ChangeSources.Job));
        Pods.AddHandler(
            p => Notify(RunKey.FromLabels(p.Metadata), ChangeSources.Pod, PreemptionSignals.PodGained(_signals, null, p)),
            (old, p) => Notify(RunKey.FromLabels(p.Metadata), ChangeSources.Pod, PreemptionSignals.PodGained(_signals, old, p)),
            p => Notify(RunKey.FromLabels(p.Metadata), ChangeSources.Pod));
        Nodes.AddHandler(n => NodeChanged(n, PreemptionSignals.NodeGained(_signals, null, n)), (old, n) => NodeChanged(n, PreemptionSignals.NodeGained(_signals, old, n)),
            n => NodeChanged(n, PreemptionSignals.NodeDeleted(_signals)));
        Workloads.AddHandler(WorkloadChanged, (_, w) => WorkloadChanged(w), WorkloadChanged);
    }

    public Informer<TrainingRun> Runs { get; }

    public Informer<V1Job> Jobs { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1Node> Nodes { get; }

    public Informer<Workload> Workloads { get; }

    /// <summary>Kueue's LocalQueues, ClusterQueues and ResourceFlavors: where the on-demand pinning comes from (<see cref="FlavorMap"/>).</summary>
    public Informer<KueueQueueObject> LocalQueues { get; }

    public Informer<KueueQueueObject> ClusterQueues { get; }

    public Informer<KueueQueueObject> ResourceFlavors { get; }

    /// <summary>Called with the key of a run whose world changed, the kind of object that changed (<see cref="ChangeSources"/>), and whether the change is a preemption signal.</summary>
    public Action<ObjectKey, string, bool>? Changed { get; set; }

    public bool HasSynced => Runs.HasSynced && Jobs.HasSynced && Pods.HasSynced && Nodes.HasSynced && Workloads.HasSynced
        && LocalQueues.HasSynced && ClusterQueues.HasSynced && ResourceFlavors.HasSynced;

    public IEnumerable<Task> Start(CancellationToken ct) =>
        [Runs.RunAsync(ct), Jobs.RunAsync(ct), Pods.RunAsync(ct), Nodes.RunAsync(ct), Workloads.RunAsync(ct), LocalQueues.RunAsync(ct), ClusterQueues.RunAsync(ct), ResourceFlavors.RunAsync(ct)];

    public Task WaitForSyncAsync(CancellationToken ct) =>
        Task.WhenAll(Runs.WaitForSyncAsync(ct), Jobs.WaitForSyncAsync(ct), Pods.WaitForSyncAsync(ct), Nodes.WaitForSyncAsync(ct), Workloads.WaitForSyncAsync(ct),
            LocalQueues.WaitForSyncAsync(ct), ClusterQueues.WaitForSyncAsync(ct), ResourceFlavors.WaitForSyncAsync(ct));

    /// <summary>Kueue's queue setup as cached now.</summary>
    public Core.Reconcile.KueueFlavorMap FlavorMap() =>
        KueueFlavorMapReader.Read(LocalQueues.List(), ClusterQueues.List(), ResourceFlavors.List());

    /// <summary>The Jobs of a run (by its label).</summary>
    public IReadOnlyList<V1Job> JobsOf(string? ns, string run) => Jobs.ByIndex(ByRun, $"{ns}/{run}");

    /// <summary>The pods of a run (by its label).</summary>
    public IReadOnlyList<V1Pod> PodsOf(string? ns, string run) => Pods.ByIndex(ByRun, $"{ns}/{run}");

    /// <summary>The cached nodes the pods are bound to, by name; a bound node missing here has vanished.</summary>
    public Dictionary<string, V1Node> NodesOf(IEnumerable<V1Pod> pods)
    {
        var nodes = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        foreach (var name in pods.Select(p => p.Spec?.NodeName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (Nodes.Get(null, name) is { } node)
            {
                nodes[name] = node;
            }
        }

        return nodes;
    }

    /// <summary>The Kueue eviction of a Job's Workload, if Kueue took its admission back.</summary>
    public Core.Preemption.KueueEviction? Eviction(string? ns, string jobName)
    {
        foreach (var workload in Workloads.ByIndex(WorkloadsByJob, $"{ns}/{jobName}"))
        {
            var evicted = workload.Condition(WorkloadConditionTypes.Evicted);
            if (evicted is { Status: "True" })
            {
                var at = evicted.LastTransitionTime is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : DateTimeOffset.MinValue;
                return new Core.Preemption.KueueEviction(evicted.Reason ?? "Evicted", at, evicted.Message);
            }
        }

        return null;
    }

    /// <summary>What Kueue says of a Job's Workload besides an eviction: why it waits, whether it finished, where it was admitted.</summary>
    public KueueWorkloadState? WorkloadState(string? ns, string jobName)
    {
        foreach (var workload in Workloads.ByIndex(WorkloadsByJob, $"{ns}/{jobName}"))
        {
            var finished = workload.Condition(WorkloadConditionTypes.Finished) is { Status: "True" } f ? new KueueFinished(f.Reason ?? "Finished", f.Message) : null;
            var admission = workload.Status?.Admission;
            var pending = admission is null && workload.Condition(WorkloadConditionTypes.QuotaReserved) is { Status: "False" } q ? q.Message : null;
            var flavors = admission?.PodSetAssignments?.FirstOrDefault()?.Flavors is { Count: > 0 } assigned
                ? new Dictionary<string, string>(assigned, StringComparer.Ordinal)
                : null;
            return new KueueWorkloadState(pending, finished, flavors);
        }

        return null;
    }

    private static Informer<KueueQueueObject> QueueInformer(IKubernetes client, TimeProvider time, ILoggerFactory loggers, string plural, bool namespaced) =>
        new(ListWatchSources.CustomObjects<KueueQueueObject, KueueQueueObjectList>(client, KueueApi.Group, KueueApi.Version, plural),
            time, new InformerOptions { Name = plural }, loggers.CreateLogger("informer." + plural));

    private static T Trimmed<T>(T obj) where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ManagedFields = null;
        return obj;
    }

    private static IEnumerable<string> RunIndex<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata?.Labels?.TryGetValue(Labels.Run, out var run) == true ? [$"{obj.Metadata.NamespaceProperty}/{run}"] : [];

    private void NodeChanged(V1Node node, bool signal)
    {
        foreach (var pod in Pods.ByIndex(PodsByNode, node.Metadata.Name))
        {
            Notify(RunKey.FromLabels(pod.Metadata), ChangeSources.Node, signal);
        }
    }

    private void WorkloadChanged(Workload workload)
    {
        foreach (var owner in (workload.Metadata.OwnerReferences ?? []).Where(o => o.Kind == "Job"))
        {
            if (Jobs.Get(workload.Metadata.NamespaceProperty, owner.Name) is { } job)
            {
                Notify(RunKey.FromLabels(job.Metadata), ChangeSources.Workload);
            }
        }
    }

    private void Notify(ObjectKey? key, string source, bool signal = false)
    {
        if (key is { } k)
        {
            Changed?.Invoke(k, source, signal);
        }
    }
}
