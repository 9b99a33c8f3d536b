using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Cli.Rendering;

/// <summary><c>step 420/1000 (42 %), 3.1s/step, ETA 30m (2026-03-01T12:00:00Z), on track for the deadline</c>.</summary>
public static class ProgressLine
{
    public static string Render(ProgressStatus progress, DateTimeOffset now)
    {
        var step = progress.Step.ToString(CultureInfo.InvariantCulture);
        var text = progress.TotalSteps is { } total && total > 0
            ? $"step {step}/{total.ToString(CultureInfo.InvariantCulture)} ({ProgressBar.Percent(progress.Step, total)})"
            : $"step {step}";
        if (progress.StepSeconds is { } seconds)
        {
            text += $", {seconds.ToString("0.##", CultureInfo.InvariantCulture)}s/step";
        }

        if (progress.Eta is { } eta)
        {
            var left = eta > now ? "in " + HumanDuration.Format(eta - now) : "due";
            text += $", ETA {left} ({eta.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)})";
        }

        text += progress.OnTrack switch
        {
            true => ", on track for the deadline",
            false => ", NOT on track for the deadline",
            null => "",
        };
        return text + $" (reported {HumanDuration.Format(now - progress.ReportedAt)} ago)";
    }
}
