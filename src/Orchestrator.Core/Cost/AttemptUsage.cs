using Orchestrator.Api;

namespace Orchestrator.Core.Cost;

/// <summary>The GPU time of one attempt: counted from when all workers ran until its end (or now, while it runs).</summary>
public sealed record AttemptUsage(CapacityType Capacity, int GpusPerWorker, int Workers, DateTimeOffset? RunningSince, DateTimeOffset? EndedAt)
{
    public double GpuSeconds(DateTimeOffset now)
    {
        if (RunningSince is not { } start)
        {
            return 0;
        }

        var seconds = ((EndedAt ?? now) - start).TotalSeconds;
        return seconds <= 0 ? 0 : seconds * GpusPerWorker * Workers;
    }
}
