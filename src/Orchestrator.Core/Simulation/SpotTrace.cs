namespace Orchestrator.Core.Simulation;

/// <summary>A spot availability trace: one entry per tick, true when a spot instance could be had.</summary>
public sealed record SpotTrace(TimeSpan Gap, IReadOnlyList<bool> Available)
{
    public TimeSpan Duration => Gap * Available.Count;

    /// <summary>Availability at tick <paramref name="tick"/>; the trace repeats past its end.</summary>
    public bool IsAvailable(long tick) => Available[(int)(tick % Available.Count)];
}
