using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>
/// What the controller remembers about one Job between reconciles (guarded by its own lock): pods
/// already counted in status whose tracking finalizer is being removed, pods it deleted itself
/// (suspension, a finished Job: never counted as failures), pods that vanished before being
/// counted, and creations not yet seen by the pod informer.
/// </summary>
internal sealed class JobTracking(string jobKey)
{
    /// <summary>The Job's namespace/name, so the record can be dropped once the Job and its pods are gone.</summary>
    public string JobKey { get; } = jobKey;

    public Lock Gate { get; } = new();

    public HashSet<string> Counted { get; } = new(StringComparer.Ordinal);

    public HashSet<string> DeletedByController { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Pod> Vanished { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int?> PendingCreates { get; } = new(StringComparer.Ordinal);

    /// <summary>The resourceVersion of the controller's own last status write: an older cached Job would undo what it counted.</summary>
    public long WrittenVersion { get; set; }
}
