using Orchestrator.Api;

namespace Orchestrator.Core.Policy;

/// <summary>
/// The fallback configuration of a run with durations already parsed, plus the tuning knobs the spec does not
/// expose. Build it from a spec with <see cref="FromSpec"/>.
/// </summary>
public sealed record CapacityPolicyOptions
{
    /// <summary>Preemptions tolerated when AfterPreemptions is enabled and the spec leaves the count out.</summary>
    public const int DefaultAfterPreemptions = 2;

    public static readonly TimeSpan DefaultSpotWait = TimeSpan.FromMinutes(30);

    /// <summary>Controller reaction time added to the changeover in the default safety margin.</summary>
    public static readonly TimeSpan DefaultReactionTime = TimeSpan.FromMinutes(10);

    /// <summary>An on-demand attempt runs at least this long before a return to spot (hysteresis).</summary>
    public static readonly TimeSpan DefaultMinOnDemandDwell = TimeSpan.FromHours(1);

    public CapacityType Preferred { get; init; } = Defaults.PreferredCapacity;

    public IReadOnlyList<FallbackPolicy> Triggers { get; init; } = [FallbackPolicy.Never];

    public int AfterPreemptions { get; init; } = DefaultAfterPreemptions;

    public TimeSpan SpotWait { get; init; } = DefaultSpotWait;

    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Compute the run needs without interruptions.</summary>
    public TimeSpan? ExpectedDuration { get; init; }

    /// <summary>Billed time with no progress at every start on a new instance.</summary>
    public TimeSpan ChangeoverDelay { get; init; } = TimeSpan.FromMinutes(12);

    public bool ReturnToSpot { get; init; } = Defaults.ReturnToSpot;

    /// <summary>
    /// The safety net fires when the slack (time left minus remaining compute minus one changeover) is at most this.
    /// Null: one changeover (a spot start that is then preempted at once) plus <see cref="DefaultReactionTime"/>.
    /// </summary>
    public TimeSpan? SafetyMargin { get; init; }

    /// <summary>How far ahead of uniform progress a run on on-demand must be to return to spot. Null: two changeovers.</summary>
    public TimeSpan? ReturnMargin { get; init; }

    public TimeSpan MinOnDemandDwell { get; init; } = DefaultMinOnDemandDwell;

    public DeadlineAlgorithm DeadlineAlgorithm { get; init; } = Defaults.DeadlineAlgorithm;

    /// <summary>ROSS's randomness: <see cref="RunSeed.FromUid"/> of the run, so every decision is reproducible from the status.</summary>
    public ulong Seed { get; init; }

    /// <summary>K: on-demand price over spot price. ROSS sizes its injection from it. Default 3 (spot at a third).</summary>
    public double PriceRatio { get; init; } = 3;

    /// <summary>ROSS tuning beyond the paper (docs/policies.md, "Where we differ").</summary>
    public RossTuning Ross { get; init; } = RossTuning.Default;

    public TimeSpan EffectiveSafetyMargin => SafetyMargin ?? ChangeoverDelay + DefaultReactionTime;

    public TimeSpan EffectiveReturnMargin => ReturnMargin ?? 2 * ChangeoverDelay;

    public bool Has(FallbackPolicy trigger) => Triggers.Contains(trigger);

    /// <summary>Options from a spec; <paramref name="parseDuration"/> turns Go durations (<c>30m</c>) into time spans.</summary>
    public static CapacityPolicyOptions FromSpec(CapacitySpec? spec, Func<string, TimeSpan> parseDuration)
    {
        var fallback = spec?.Fallback;
        var triggers = fallback?.Policies is { Count: > 0 } list ? list.ToArray() : [FallbackPolicy.Never];
        return new CapacityPolicyOptions
        {
            Preferred = spec?.Preferred ?? Defaults.PreferredCapacity,
            Triggers = triggers,
            AfterPreemptions = fallback?.AfterPreemptions ?? DefaultAfterPreemptions,
            SpotWait = fallback?.SpotWait is { } wait ? parseDuration(wait) : DefaultSpotWait,
            Deadline = fallback?.Deadline,
            ExpectedDuration = fallback?.ExpectedDuration is { } expected ? parseDuration(expected) : null,
            ChangeoverDelay = parseDuration(fallback?.ChangeoverDelay ?? Defaults.ChangeoverDelay),
            ReturnToSpot = fallback?.ReturnToSpot ?? Defaults.ReturnToSpot,
            DeadlineAlgorithm = fallback?.DeadlineAlgorithm ?? Defaults.DeadlineAlgorithm,
        };
    }
}
