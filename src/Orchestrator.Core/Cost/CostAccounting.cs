using Orchestrator.Api;

namespace Orchestrator.Core.Cost;

/// <summary>Sums GPU time by capacity and prices it.</summary>
public static class CostAccounting
{
    public static CostSummary Summarize(IEnumerable<AttemptUsage> attempts, Prices prices, DateTimeOffset now)
    {
        double spot = 0;
        double onDemand = 0;
        foreach (var attempt in attempts)
        {
            var seconds = attempt.GpuSeconds(now);
            if (attempt.Capacity == CapacityType.Spot)
            {
                spot += seconds;
            }
            else
            {
                onDemand += seconds;
            }
        }

        var estimated = ((spot * prices.SpotPerGpuHour) + (onDemand * prices.OnDemandPerGpuHour)) / 3600;
        var allOnDemand = (spot + onDemand) * prices.OnDemandPerGpuHour / 3600;
        return new CostSummary(spot, onDemand, estimated, allOnDemand);
    }

    /// <summary>
    /// Training time an attempt's end threw away: from the state captured by the newest committed checkpoint (or the
    /// attempt's start, if that checkpoint is older) to the end.
    /// </summary>
    public static double LostWorkSeconds(DateTimeOffset? runningSince, DateTimeOffset endedAt, DateTimeOffset? newestCheckpointAt)
    {
        if (runningSince is not { } start)
        {
            return 0;
        }

        var from = newestCheckpointAt is { } saved && saved > start ? saved : start;
        return Math.Max(0, (endedAt - from).TotalSeconds);
    }
}
