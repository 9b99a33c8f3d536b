namespace Orchestrator.Core.Checkpointing;

/// <summary>Bounds and priors of the automatic checkpoint interval.</summary>
public sealed record CheckpointIntervalOptions
{
    public static CheckpointIntervalOptions Default { get; } = new();

    /// <summary>Below this the trainer spends more time saving than the interval is worth.</summary>
    public TimeSpan Min { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the work a failure without notice can cost, even on capacity that is rarely taken away.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Save time before any save was measured (the same prior as the just-in-time rule).</summary>
    public TimeSpan SaveTimePrior { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Mean time between spot preemptions before any was observed: 1.7 h, the pooled mean length of the available
    /// stretches in the bundled AWS traces (Can't Be Late, 14 traces, 0.7–4.4 h per trace).
    /// </summary>
    public TimeSpan SpotMtbpPrior { get; init; } = TimeSpan.FromHours(1.7);

    /// <summary>On-demand capacity is only lost to node failures: "rare", 30 days, so the interval ends at <see cref="Max"/>.</summary>
    public TimeSpan OnDemandMtbpPrior { get; init; } = TimeSpan.FromDays(30);
}
