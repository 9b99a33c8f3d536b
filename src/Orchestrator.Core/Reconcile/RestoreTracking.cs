using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Records what an attempt's restore init containers report they restored (<see cref="Annotations.Restored"/>), in
/// place of what the controller expected: a damaged checkpoint, a fenced one, or one committed just before a node
/// vanished makes the two differ. Every rank reports the same (they agreed through the store), so the first report read wins.
/// </summary>
internal static class RestoreTracking
{
    private const int MaxReasonLength = 300;

    /// <summary>Applies each not yet recorded report to its attempt; returns the events to publish.</summary>
    public static List<PublishEvent> Apply(IEnumerable<V1Pod> pods, IList<AttemptRecord> attempts, CheckpointStatus? known, DateTimeOffset now)
    {
        var events = new List<PublishEvent>();
        foreach (var pod in pods)
        {
            if (Read(pod) is not { } report || attempts.FirstOrDefault(a => a.Index == report.Attempt) is not { RestoreReportedTime: null } record)
            {
                continue;
            }

            record.RestoreReportedTime = now;
            record.RestoredCheckpoint = report.Id;
            record.RestoredStep = report.Step;
            foreach (var skipped in report.Skipped)
            {
                events.Add(new PublishEvent(true, ConditionReasons.CheckpointSkipped, Invariant($"Attempt {record.Index} skipped checkpoint {skipped.Id}: {Trim(skipped.Reason)}.")));
            }

            if (report.Id is { } id)
            {
                events.Add(new PublishEvent(false, ConditionReasons.CheckpointRestored, Invariant($"Attempt {record.Index} restored checkpoint {id} (step {report.Step}) on every worker.")));
            }
            else if (known is not null)
            {
                events.Add(new PublishEvent(true, ConditionReasons.NothingRestored, Invariant($"Attempt {record.Index} started from step 0: no committed checkpoint verified on every worker (the newest known was {known.Id}, step {known.Step}).")));
            }
        }

        return events;
    }

    private static RestoreReport? Read(V1Pod pod)
    {
        if (pod.Metadata.Annotations?.TryGetValue(Annotations.Restored, out var json) != true || string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RestoreReport>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "...";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
