using Orchestrator.Api;

namespace Orchestrator.Core.Preemption;

/// <summary>
/// Level-based notices: each reconcile re-derives the notice from every signal seen now, so the order in which the
/// watches delivered them does not matter. A node's taint often arrives a moment after its pods' DisruptionTarget
/// condition; until then the pods' window is only the default guess.
/// </summary>
public static class NoticeRevision
{
    /// <summary>
    /// The notice to act on: it starts at the earliest time any signal of it was seen (kept from the status, since
    /// taints carry no time of their own), and its window is the best one known now (the window of the signal with the
    /// earliest deadline, which for a pod condition is its node's window once the node's signal is seen).
    /// Null when nothing signals a notice now.
    /// </summary>
    public static PreemptionNotice? Current(NoticeStatus? stored, IReadOnlyList<PreemptionNotice> derived)
    {
        var live = derived.Where(n => n.Window > TimeSpan.Zero).OrderBy(n => n.Deadline).ThenBy(n => n.Source, StringComparer.Ordinal).ToList();
        if (live.Count == 0)
        {
            return null;
        }

        var best = live[0];
        var window = best.Window;
        var start = live.Min(n => n.ReceivedTime);
        if (stored is not null && stored.ReceivedTime < start)
        {
            start = stored.ReceivedTime;
        }

        // One signal that ends the attempt (the pods' DisruptionTarget once the drain starts) outweighs any that only ask for a save.
        return best with { ReceivedTime = start, Deadline = start + window, EndsAttempt = live.Any(n => n.EndsAttempt) };
    }

    /// <summary>
    /// Whether a save that does not fit now could still fit once a node signal tells the real window: only when the
    /// window is the default guess and the save would fit in the longest window any node signal of the table gives.
    /// </summary>
    public static bool CouldStillFit(PreemptionNotice notice, NoticeSignalTable table, SaveTimeEstimate estimate, DateTimeOffset now)
    {
        if (!notice.WindowGuessed)
        {
            return false;
        }

        var longest = table.Signals.Where(s => s.Kind == NoticeSignalKind.NodeTaint && s.Window is not null).Select(s => s.Window!.Value).DefaultIfEmpty(TimeSpan.Zero).Max();
        return estimate.Expected <= notice.ReceivedTime + longest - now;
    }
}
