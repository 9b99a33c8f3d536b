using k8s.Models;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// Which watch events carry a preemption signal of the notice-signal table, so their runs go to the work queue's urgent
/// lane: a notice leaves seconds to save, and must not wait behind timed re-checks. Only a change that newly shows a
/// signal counts; an object that keeps its taint or condition through later updates is ordinary again.
/// </summary>
internal static class PreemptionSignals
{
    /// <summary>The node gained a notice taint of the table, or stopped being Ready.</summary>
    public static bool NodeGained(NoticeSignalTable table, V1Node? old, V1Node node)
    {
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (table.Find(NoticeSignalKind.NodeTaint, taint.Key) is not null && !HasTaint(old, taint.Key))
            {
                return true;
            }
        }

        return table.Find(NoticeSignalKind.NodeGone, NoticeSignalTable.NodeNotReady) is not null && IsReady(old) && !IsReady(node);
    }

    /// <summary>The node object was deleted while the table treats that as a signal.</summary>
    public static bool NodeDeleted(NoticeSignalTable table) => table.Find(NoticeSignalKind.NodeGone, NoticeSignalTable.NodeDeleted) is not null;

    /// <summary>The pod gained a true DisruptionTarget condition (when the table lists it).</summary>
    public static bool PodGained(NoticeSignalTable table, V1Pod? old, V1Pod pod) =>
        table.Find(NoticeSignalKind.PodCondition, NoticeSignalTable.DisruptionTarget) is { } signal
        && HasTrueCondition(pod, signal.Key) && !HasTrueCondition(old, signal.Key);

    private static bool HasTaint(V1Node? node, string key) =>
        node?.Spec?.Taints?.Any(t => string.Equals(t.Key, key, StringComparison.Ordinal)) == true;

    // A node never seen before counts as Ready, so a node first listed NotReady is a signal too.
    private static bool IsReady(V1Node? node) =>
        node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { } ready || ready.Status == "True";

    private static bool HasTrueCondition(V1Pod? pod, string type) =>
        pod?.Status?.Conditions?.Any(c => string.Equals(c.Type, type, StringComparison.Ordinal) && c.Status == "True") == true;
}
