using System.Text.Json;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// Passes the trainer's progress file up (rank 0 only: the ranks of a gang train in lockstep), at most once per
/// <paramref name="every"/> and only when the step moved. The mean step time is measured here, between the first step
/// this agent saw and the newest, so a restore's jump and the attempt's setup are not counted as training time.
/// </summary>
public sealed class ProgressReporter(TrainerFiles files, IPodChannel channel, TimeProvider time, TimeSpan every)
{
    private (long Step, DateTimeOffset At)? _first;
    private long _reportedStep = -1;
    private DateTimeOffset _reportedAt = DateTimeOffset.MinValue;

    /// <summary>Reads the file and reports if due. Returns what it reported, or null.</summary>
    public async Task<ProgressStatus?> ReportIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _reportedAt < every)
        {
            return null;
        }

        TrainerProgress? progress;
        try
        {
            progress = TrainerFiles.ReadJson<TrainerProgress>(files.ProgressPath);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (progress is null || progress.Step < 0)
        {
            return null;
        }

        _first ??= (progress.Step, now);
        if (progress.Step == _reportedStep)
        {
            return null;
        }

        var (firstStep, firstAt) = _first.Value;
        if (progress.Step < firstStep)
        {
            // The trainer went back (a restore from an older checkpoint): measure from here.
            _first = (progress.Step, now);
            (firstStep, firstAt) = _first.Value;
        }

        var status = new ProgressStatus
        {
            Step = progress.Step,
            TotalSteps = progress.TotalSteps is > 0 ? progress.TotalSteps : null,
            StepSeconds = progress.Step > firstStep ? (now - firstAt).TotalSeconds / (progress.Step - firstStep) : null,
            ReportedAt = now,
        };
        await channel.ReportProgressAsync(status, cancellationToken);
        _reportedStep = progress.Step;
        _reportedAt = now;
        return status;
    }
}
