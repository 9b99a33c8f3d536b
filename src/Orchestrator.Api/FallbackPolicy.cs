using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>A trigger that moves the next attempt from spot to on-demand capacity. Triggers combine: any one fires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FallbackPolicy>))]
public enum FallbackPolicy
{
    /// <summary>Stay on the preferred capacity for good. Cannot be combined with another trigger.</summary>
    Never,

    /// <summary>Go on-demand once the run has been preempted <see cref="FallbackSpec.AfterPreemptions"/> times.</summary>
    AfterPreemptions,

    /// <summary>Go on-demand when spot has not been running for <see cref="FallbackSpec.SpotWait"/>.</summary>
    AfterSpotWait,

    /// <summary>Uniform progress towards <see cref="FallbackSpec.Deadline"/>, with a safety net and a return to spot.</summary>
    Deadline,
}
