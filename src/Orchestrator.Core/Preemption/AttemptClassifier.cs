using System.Globalization;
using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Preemption;

/// <summary>
/// Classifies an attempt's end from its evidence. A failed worker counts as an application failure only when no
/// disruption explains it: not its own pod or node, not a Kueue eviction, not a requested suspend, and not a peer's
/// disruption within the correlation window (the NCCL error of a worker whose peer was preempted).
/// </summary>
public static class AttemptClassifier
{
    private const int SigKill = 137;
    private const int SigTerm = 143;

    public static AttemptClassification Classify(AttemptEvidence evidence, ClassificationOptions? options = null)
    {
        options ??= ClassificationOptions.Default;
        var complete = evidence.JobConditions.FirstOrDefault(c => c.Type == "Complete");
        if (complete is not null)
        {
            return new(AttemptEndReason.Succeeded, [Condition(complete)]);
        }

        if (evidence.Pods.Count > 0 && evidence.Pods.All(pod => pod.Succeeded))
        {
            return new(AttemptEndReason.Succeeded, [$"all {evidence.Pods.Count} pods exited 0"]);
        }

        var disruptions = Disruptions(evidence, options);
        var notes = disruptions.Select(d => d.Evidence).ToList();
        if (evidence.Eviction is { } eviction)
        {
            notes.Add($"workload: evicted by Kueue ({eviction.Reason}){(eviction.Message is null ? "" : $": {Short(eviction.Message)}")}");
        }

        var appFailures = 0;
        var unexplainedKills = 0;
        foreach (var pod in evidence.Pods.Where(pod => !pod.Succeeded))
        {
            var (verdict, note) = Explain(pod, disruptions, evidence, options);
            notes.Add(note);
            appFailures += verdict == Verdict.AppFailure ? 1 : 0;
            unexplainedKills += verdict == Verdict.Unexplained ? 1 : 0;
        }

        if (appFailures > 0)
        {
            return new(AttemptEndReason.AppFailure, notes);
        }

        if (evidence.SuspendRequestedAt is { } suspendAt)
        {
            notes.Insert(0, $"run: suspend requested at {Time(suspendAt)}");
            return new(AttemptEndReason.Suspended, notes);
        }

        if (evidence.Eviction is { } evicted)
        {
            return new(KueueEvictionReasons.IsDeactivation(evicted.Reason, options.SuspendEvictionReasons) ? AttemptEndReason.Suspended : AttemptEndReason.Preempted, notes);
        }

        if (disruptions.Count > 0)
        {
            return new(AttemptEndReason.Preempted, notes);
        }

        foreach (var condition in evidence.JobConditions)
        {
            notes.Add(Condition(condition));
        }

        if (evidence.JobVanished)
        {
            notes.Add("job: vanished before its end was read");
        }

        if (notes.Count == 0 && unexplainedKills == 0)
        {
            notes.Add("no evidence either way");
        }

        return new(AttemptEndReason.Unknown, notes);
    }

    private static List<Disruption> Disruptions(AttemptEvidence evidence, ClassificationOptions options)
    {
        var disruptions = evidence.Notices.Select(notice => new Disruption(notice.Source, notice.ReceivedTime, notice.Evidence)).ToList();
        foreach (var pod in evidence.Pods)
        {
            if (pod.Reason is { } reason && options.DisruptionReasons.Contains(reason))
            {
                disruptions.Add(new($"pod/{pod.Pod}", pod.FinishedAt, $"pod/{pod.Pod}: terminated by the platform ({reason})"));
            }
        }

        return disruptions;
    }

    private static (Verdict Verdict, string Note) Explain(
        PodTermination pod, List<Disruption> disruptions, AttemptEvidence evidence, ClassificationOptions options)
    {
        var what = Describe(pod);
        if (disruptions.FirstOrDefault(d => d.Hits(pod)) is { } own)
        {
            return (Verdict.Explained, $"{what}: its {own.Subject.Split('/')[0]} was disrupted");
        }

        if (string.Equals(pod.Reason, "OOMKilled", StringComparison.Ordinal))
        {
            return (Verdict.AppFailure, $"{what}: out of memory, an application failure");
        }

        if (evidence.Eviction is not null)
        {
            return (Verdict.Explained, $"{what}: stopped by the Kueue eviction");
        }

        if (evidence.SuspendRequestedAt is { } suspendAt && (pod.FinishedAt is null || pod.FinishedAt >= suspendAt))
        {
            return (Verdict.Explained, $"{what}: stopped by the requested suspend");
        }

        if (Nearest(pod, disruptions, options.CorrelationWindow) is { } peer)
        {
            var gap = pod.FinishedAt is { } finished && peer.At is { } at
                ? $"{HumanDuration.Format((finished - at).Duration())} {(finished >= at ? "after" : "before")}"
                : "at an unknown time relative to";
            return (Verdict.Explained, $"{what}: {gap} the disruption of {peer.Subject}, counted as preempted (a peer was lost)");
        }

        if (pod.ExitCode is null or SigKill or SigTerm)
        {
            return (Verdict.Unexplained, $"{what}: killed with no disruption or app error to explain it");
        }

        return (Verdict.AppFailure, $"{what}: an application failure (no disruption within {HumanDuration.Format(options.CorrelationWindow)})");
    }

    private static Disruption? Nearest(PodTermination pod, List<Disruption> disruptions, TimeSpan window)
    {
        if (pod.FinishedAt is not { } finished)
        {
            return disruptions.FirstOrDefault();
        }

        return disruptions
            .Where(d => d.At is null || (finished - d.At.Value).Duration() <= window)
            .OrderBy(d => d.At is { } at ? (finished - at).Duration() : window)
            .FirstOrDefault();
    }

    private static string Describe(PodTermination pod)
    {
        var exit = pod.ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"exit {code}") : "no exit status";
        var reason = pod.Reason is null ? "" : $" ({pod.Reason})";
        var at = pod.FinishedAt is { } finished ? $" at {Time(finished)}" : "";
        var message = pod.Message is null ? "" : $" \"{Short(pod.Message)}\"";
        return $"pod/{pod.Pod}: {exit}{reason}{at}{message}";
    }

    private static string Condition(JobConditionObservation condition) =>
        condition.Reason is null ? $"job: condition {condition.Type}" : $"job: condition {condition.Type} ({condition.Reason})";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Short(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= 120 ? line : line[..117] + "...";
    }

    private enum Verdict
    {
        Explained,
        AppFailure,
        Unexplained,
    }
}
