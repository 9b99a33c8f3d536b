namespace Orchestrator.Core.Preemption;

/// <summary>The configurable table of preemption notice signals. <see cref="Default"/> is the table of SIGNALS.md.</summary>
public sealed record NoticeSignalTable(IReadOnlyList<NoticeSignal> Signals)
{
    public const string DisruptionTarget = "DisruptionTarget";
    public const string NodeDeleted = "node-deleted";
    public const string NodeNotReady = "node-not-ready";
    public const string KarpenterDisrupted = "karpenter.sh/disrupted";

    public static readonly TimeSpan DefaultPodConditionWindow = TimeSpan.FromSeconds(30);

    public static NoticeSignalTable Default { get; } = new(
    [
        new(NoticeSignalKind.NodeTaint, "aws-node-termination-handler/spot-itn", "AWS (NTH)", TimeSpan.FromSeconds(120)),

        // Karpenter's disruption controller taints consolidation candidates before it launches their replacements and
        // removes the taint when it abandons the command; only its termination controller evicts. So: save, keep going.
        new(NoticeSignalKind.NodeTaint, KarpenterDisrupted, "AWS (Karpenter)", TimeSpan.FromSeconds(120), EndsAttempt: false),

        // GKE gives the node 30 s but its pods only 15 s; the pods' window is what a save has to fit in.
        new(NoticeSignalKind.NodeTaint, "cloud.google.com/impending-node-termination", "GKE", TimeSpan.FromSeconds(15)),
        new(NoticeSignalKind.NodeTaint, "aks-node-termination-handler/preempt", "AKS", TimeSpan.FromSeconds(30)),
        new(NoticeSignalKind.PodCondition, DisruptionTarget, "any", null),
        new(NoticeSignalKind.NodeGone, NodeDeleted, "any", TimeSpan.Zero),
        new(NoticeSignalKind.NodeGone, NodeNotReady, "any", TimeSpan.Zero),
    ]);

    /// <summary>Whether a notice of this signal key ends its attempt (true for a key the table no longer lists).</summary>
    public bool EndsAttempt(string key) =>
        Signals.FirstOrDefault(signal => string.Equals(signal.Key, key, StringComparison.Ordinal)) is not { EndsAttempt: false };

    public NoticeSignal? Find(NoticeSignalKind kind, string key) =>
        Signals.FirstOrDefault(signal => signal.Kind == kind && string.Equals(signal.Key, key, StringComparison.Ordinal));
}
