using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Useful compute done from an attempt history, for <see cref="PolicyInput.ComputeDone"/> when the trainer reports no
/// progress: per attempt, running time minus the changeover (setup and restore) minus the work its end threw away.
/// </summary>
public static class ComputeProgress
{
    public static TimeSpan Estimate(IEnumerable<AttemptRecord> attempts, TimeSpan changeover, DateTimeOffset now)
    {
        var done = TimeSpan.Zero;
        foreach (var attempt in attempts)
        {
            if (attempt.StartTime is not { } start)
            {
                continue;
            }

            var running = (attempt.EndTime ?? now) - start;
            var lost = TimeSpan.FromSeconds(attempt.LostWorkSeconds ?? 0);
            var useful = running - changeover - lost;
            if (useful > TimeSpan.Zero)
            {
                done += useful;
            }
        }

        return done;
    }
}
