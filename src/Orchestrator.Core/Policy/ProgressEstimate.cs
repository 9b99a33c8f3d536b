using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Turns the trainer's progress report into what the policy and the user need: compute done and total at the observed
/// step time, the ETA, and whether the deadline is on track. Pure: the same report gives the same status, so the
/// status does not change between reports (a drifting ETA would rewrite the status on every reconcile).
/// </summary>
public static class ProgressEstimate
{
    /// <summary>Compute done and needed in total, when the report has total steps and a step time.</summary>
    public static (TimeSpan Done, TimeSpan Total)? Compute(ProgressStatus? progress) =>
        progress is { TotalSteps: { } total, StepSeconds: { } seconds } && total > 0 && seconds > 0 && double.IsFinite(seconds)
            ? (TimeSpan.FromSeconds(Math.Min(progress.Step, total) * seconds), TimeSpan.FromSeconds(total * seconds))
            : null;

    /// <summary>
    /// The status for a new report. A report without a step time (a fresh attempt's first) keeps the previous one: the
    /// trainer's speed does not change with the instance it runs on, in the usual case of the same instance type.
    /// </summary>
    public static ProgressStatus Complete(ProgressStatus reported, ProgressStatus? previous, DateTimeOffset? deadline)
    {
        var stepSeconds = reported.StepSeconds ?? previous?.StepSeconds;
        var status = new ProgressStatus
        {
            Step = reported.Step,
            TotalSteps = reported.TotalSteps ?? previous?.TotalSteps,
            StepSeconds = stepSeconds,
            ReportedAt = reported.ReportedAt,
        };
        if (status is { TotalSteps: { } total, StepSeconds: { } seconds } && seconds > 0 && double.IsFinite(seconds))
        {
            var remaining = TimeSpan.FromSeconds(Math.Max(0, total - status.Step) * seconds);
            status.Eta = reported.ReportedAt + remaining;
            status.OnTrack = deadline is { } due ? status.Eta <= due : null;
        }

        return status;
    }
}
