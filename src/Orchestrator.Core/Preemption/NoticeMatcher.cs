namespace Orchestrator.Core.Preemption;

/// <summary>Finds the preemption notices in what the controller observed of an attempt's nodes and pods.</summary>
public static class NoticeMatcher
{
    /// <summary>Every notice, earliest deadline first; at most one per signal and object.</summary>
    public static IReadOnlyList<PreemptionNotice> Match(NoticeSignalTable table, IEnumerable<NodeObservation> nodes, IEnumerable<PodObservation> pods)
    {
        var notices = new List<PreemptionNotice>();
        var nodeWindows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var taint in node.Taints)
            {
                if (table.Find(NoticeSignalKind.NodeTaint, taint.Key) is { } signal && signal.Window is { } window)
                {
                    notices.Add(new(signal.Key, signal.Provider, $"node/{node.Name}", taint.ReceivedAt, taint.ReceivedAt + window,
                        string.IsNullOrEmpty(taint.Value) ? null : taint.Value, EndsAttempt: signal.EndsAttempt));
                    nodeWindows[node.Name] = nodeWindows.TryGetValue(node.Name, out var known) && known < window ? known : window;
                }
            }

            AddGone(table, notices, node, NoticeSignalTable.NodeDeleted, node.DeletedAt);
            AddGone(table, notices, node, NoticeSignalTable.NodeNotReady, node.DeletedAt is null ? node.NotReadySince : null);
        }

        if (table.Find(NoticeSignalKind.PodCondition, NoticeSignalTable.DisruptionTarget) is { } podSignal)
        {
            foreach (var pod in pods)
            {
                var condition = pod.Conditions.FirstOrDefault(c => c.IsTrue && string.Equals(c.Type, podSignal.Key, StringComparison.Ordinal));
                if (condition is null)
                {
                    continue;
                }

                var known = podSignal.Window
                    ?? (pod.NodeName is { } nodeName && nodeWindows.TryGetValue(nodeName, out var nodeWindow) ? nodeWindow : null);
                var window = known ?? NoticeSignalTable.DefaultPodConditionWindow;
                notices.Add(new(podSignal.Key, podSignal.Provider, $"pod/{pod.Name}", condition.ReceivedAt, condition.ReceivedAt + window, condition.Reason, WindowGuessed: known is null, EndsAttempt: podSignal.EndsAttempt));
            }
        }

        return [.. notices.OrderBy(notice => notice.Deadline).ThenBy(notice => notice.Source, StringComparer.Ordinal)];
    }

    private static void AddGone(NoticeSignalTable table, List<PreemptionNotice> notices, NodeObservation node, string key, DateTimeOffset? at)
    {
        if (at is { } seen && table.Find(NoticeSignalKind.NodeGone, key) is { } signal)
        {
            notices.Add(new(signal.Key, signal.Provider, $"node/{node.Name}", seen, seen + (signal.Window ?? TimeSpan.Zero), EndsAttempt: signal.EndsAttempt));
        }
    }
}
