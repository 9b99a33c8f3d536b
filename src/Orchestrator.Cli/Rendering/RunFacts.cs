using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Cli.Rendering;

/// <summary>Short, consistent renderings of a run's fields shared by list, status and describe.</summary>
public static class RunFacts
{
    public static string Phase(TrainingRun run) => run.Status?.Phase?.ToString() ?? "Pending";

    public static string Capacity(TrainingRun run) => run.Status?.CapacityType switch
    {
        CapacityType.Spot => "spot",
        CapacityType.OnDemand => "on-demand",
        _ => "-",
    };

    public static string Attempt(TrainingRun run) =>
        run.Status is { CurrentAttempt: > 0 } s ? s.CurrentAttempt.ToString(CultureInfo.InvariantCulture) : "-";

    public static string Preemptions(TrainingRun run) => (run.Status?.Preemptions ?? 0).ToString(CultureInfo.InvariantCulture);

    public static string CheckpointStep(TrainingRun run) =>
        run.Status?.LastCheckpoint is { } c ? c.Step.ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// The trainer's own report (<c>123/400 31%</c>) when it has one; else compute done against expectedDuration
    /// when the spec states one; else the newest checkpoint's step.
    /// </summary>
    public static string Progress(TrainingRun run)
    {
        if (run.Status?.Progress is { } reported)
        {
            return reported.TotalSteps is { } totalSteps && totalSteps > 0
                ? ProgressBar.Compact(reported.Step, totalSteps)
                : $"step {reported.Step.ToString(CultureInfo.InvariantCulture)}";
        }

        var gpu = run.Status?.GpuSeconds;
        var expected = run.Spec.Capacity?.Fallback?.ExpectedDuration;
        if (gpu is not null && expected is not null && Core.Durations.GoDuration.TryParse(expected, out var total) && total > TimeSpan.Zero)
        {
            var gpus = Math.Max(1, GpusPerRun(run));
            var done = (gpu.Spot + gpu.OnDemand) / gpus;
            return Percent(done / total.TotalSeconds);
        }

        return run.Status?.LastCheckpoint is { } c ? $"step {c.Step.ToString(CultureInfo.InvariantCulture)}" : "-";
    }

    /// <summary>Time left until the trainer's ETA (<c>30m</c>), <c>due</c> once it has passed, <c>-</c> without one or after the run ended.</summary>
    public static string Eta(TrainingRun run, DateTimeOffset now)
    {
        if (run.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed || run.Status?.Progress?.Eta is not { } eta)
        {
            return "-";
        }

        return eta > now ? HumanDuration.Format(eta - now) : "due";
    }

    public static int GpusPerRun(TrainingRun run)
    {
        var perWorker = 0;
        foreach (var container in run.Spec.Template.Spec?.Containers ?? [])
        {
            if (container.Resources?.Limits is { } limits && limits.TryGetValue("nvidia.com/gpu", out var q))
            {
                perWorker += (int)q.ToInt64();
            }
        }

        return perWorker * run.Spec.Workers;
    }

    public static string Money(double? value) =>
        value is null ? "-" : value.Value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) =>
        (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Hours(double seconds) =>
        (seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture) + " h";

    public static string Time(DateTimeOffset? t) =>
        t is null ? "-" : t.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
