using System.Globalization;
using System.Text;
using Orchestrator.Api;

namespace Orchestrator.Cli.Rendering;

/// <summary>
/// One plain line per change for <c>trainctl status -w</c> when stdout is not a terminal (a log, <c>grep</c>, CI):
/// no escape codes, no relative times, so identical states give identical lines and the line only repeats when
/// something changed.
/// </summary>
public static class WatchLine
{
    public static string Render(TrainingRun run)
    {
        var s = run.Status;
        var text = new StringBuilder(RunFacts.Phase(run));
        if (s is { CurrentAttempt: > 0 })
        {
            text.Append(CultureInfo.InvariantCulture, $"  attempt {s.CurrentAttempt} on {RunFacts.Capacity(run)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  preemptions {s?.Preemptions ?? 0}");
        text.Append("  checkpoint ").Append(RunFacts.CheckpointStep(run));
        if (s?.Progress is { } p)
        {
            text.Append("  progress ").Append(RunFacts.Progress(run));
            if (p.StepSeconds is { } seconds)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {seconds.ToString("0.##", CultureInfo.InvariantCulture)}s/step");
            }

            if (p.Eta is { } eta && s.Phase is not (RunPhase.Succeeded or RunPhase.Failed))
            {
                text.Append("  ETA ").Append(eta.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            text.Append(p.OnTrack switch
            {
                true => "  on track",
                false => "  NOT on track",
                null => "",
            });
        }

        if (!string.IsNullOrEmpty(s?.Message))
        {
            text.Append("  ").Append(s.Message.ReplaceLineEndings(" "));
        }

        return text.ToString();
    }
}
