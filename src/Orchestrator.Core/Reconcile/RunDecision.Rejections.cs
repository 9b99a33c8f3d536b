using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>An attempt whose Job the API server refused to create.</summary>
internal sealed partial class RunDecision
{
    /// <summary>How long after a refused create the same create is tried again (a webhook or quota may have changed).</summary>
    private static readonly TimeSpan RejectedCreateRetry = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Returns true when the current attempt's Job was refused: the Running condition and a Warning Event carry the
    /// server's message (an Event again only when the message changes), and the create is retried after
    /// <see cref="RejectedCreateRetry"/> rather than on every look. A fixed spec is a new generation and looks at once.
    /// </summary>
    private bool CreateWasRejected(AttemptRecord current)
    {
        if (_snapshot.CreateRejections is not { } rejections || !rejections.TryGetValue(current.JobName, out var rejection))
        {
            return false;
        }

        var message = Invariant($"Attempt {current.Index}: the API server refused to create Job {current.JobName} ({rejection.StatusCode}): {rejection.Message}");
        var before = _status.Conditions!.FirstOrDefault(c => c.Type == ConditionTypes.Running);
        var news = before?.Reason != ConditionReasons.JobRejected || before.Message != message;
        Conditions.Set(_status.Conditions!, ConditionTypes.Running, false, ConditionReasons.JobRejected, message, Generation, _now);
        if (news)
        {
            Publish(true, ConditionReasons.JobRejected, message);
        }

        SetPhase(RunPhase.Queued);
        var retryAt = rejection.At + RejectedCreateRetry;
        if (_now >= retryAt)
        {
            AddAttemptJob(current.Index, current.Capacity, current.Zone);
            RequeueAfter(RejectedCreateRetry);
        }
        else
        {
            RequeueAt(retryAt);
        }

        return true;
    }
}
