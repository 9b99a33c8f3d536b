using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Reconcile;

/// <summary>Everything one reconcile reads, taken from the informer caches at one instant.</summary>
/// <param name="Run">The TrainingRun as the cache holds it.</param>
/// <param name="Jobs">The run's Jobs (label <c>orchestrator.dev/run</c>).</param>
/// <param name="Pods">The run's pods (same label).</param>
/// <param name="Nodes">Nodes that exist now, by name; a pod's node missing here has vanished.</param>
/// <param name="Evictions">Kueue evictions of the run's workloads, by Job name.</param>
/// <param name="Now">The clock reading the decision is made at.</param>
/// <param name="Kueue">Kueue's LocalQueues, ClusterQueues and ResourceFlavors, when the controller reads them.</param>
/// <param name="CreateRejections">Jobs of the run the API server refused to create, by Job name.</param>
/// <param name="Workloads">What Kueue says of the run's workloads (pending message, Finished, assigned flavors), by Job name.</param>
public sealed record RunSnapshot(
    TrainingRun Run,
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyDictionary<string, V1Node> Nodes,
    IReadOnlyDictionary<string, KueueEviction> Evictions,
    DateTimeOffset Now,
    IReadOnlyDictionary<string, KueueWorkloadState>? Workloads = null,
    KueueFlavorMap? Kueue = null,
    IReadOnlyDictionary<string, CreateRejection>? CreateRejections = null);
