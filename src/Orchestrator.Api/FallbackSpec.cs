using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>The fallback triggers and their parameters. Durations use Go syntax (<c>90s</c>, <c>30m</c>, <c>1h30m</c>).</summary>
[CelRule("!has(self.policies) || !('Never' in self.policies) || size(self.policies) == 1", "Never cannot be combined with other policies", FieldPath = ".policies")]
[CelRule("!has(self.policies) || !('AfterPreemptions' in self.policies) || has(self.afterPreemptions)", "the AfterPreemptions policy needs afterPreemptions", FieldPath = ".afterPreemptions")]
[CelRule("!has(self.policies) || !('AfterSpotWait' in self.policies) || has(self.spotWait)", "the AfterSpotWait policy needs spotWait", FieldPath = ".spotWait")]
[CelRule("!has(self.policies) || !('Deadline' in self.policies) || has(self.deadline)", "the Deadline policy needs deadline", FieldPath = ".deadline")]
public sealed class FallbackSpec
{
    /// <summary>Enabled triggers. Default <c>[Never]</c>.</summary>
    [JsonPropertyName("policies")]
    [Default(Defaults.FallbackPolicy, AsList = true)]
    [ListSet]
    [MaxLength(4)]
    [CelRule("size(self) >= 1", "must name at least one policy (Never to stay on the preferred capacity)")]
    public IList<FallbackPolicy>? Policies { get; set; }

    /// <summary>Preemptions tolerated on spot before going on-demand (AfterPreemptions).</summary>
    [JsonPropertyName("afterPreemptions")]
    [Minimum(1)]
    public int? AfterPreemptions { get; set; }

    /// <summary>How long spot may fail to run before going on-demand (AfterSpotWait).</summary>
    [JsonPropertyName("spotWait")]
    [MaxLength(32)]
    [Pattern(Patterns.Duration)]
    [CelRule("duration(self) > duration('0s')", "must be a positive duration such as 90s, 30m or 1h30m")]
    public string? SpotWait { get; set; }

    /// <summary>When the run must be finished (Deadline), RFC 3339.</summary>
    [JsonPropertyName("deadline")]
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>How the Deadline policy uses spot and on-demand: <c>UniformProgress</c> (default) or <c>Ross</c>.</summary>
    [JsonPropertyName("deadlineAlgorithm")]
    [Default(Defaults.DeadlineAlgorithm)]
    public DeadlineAlgorithm? DeadlineAlgorithm { get; set; }

    /// <summary>Compute time the run needs without interruptions (Deadline); optional when the trainer reports its progress.</summary>
    [JsonPropertyName("expectedDuration")]
    [MaxLength(32)]
    [Pattern(Patterns.Duration)]
    [CelRule("duration(self) > duration('0s')", "must be a positive duration such as 90s, 30m or 1h30m")]
    public string? ExpectedDuration { get; set; }

    /// <summary>Time lost at every start on a new instance: provisioning, setup, lost progress. Default <c>12m</c>.</summary>
    [JsonPropertyName("changeoverDelay")]
    [Default(Defaults.ChangeoverDelay)]
    [MaxLength(32)]
    [Pattern(Patterns.Duration)]
    [CelRule("duration(self) >= duration('0s')", "must be a duration such as 12m")]
    public string? ChangeoverDelay { get; set; }

    /// <summary>Whether a run that fell back returns to spot once it is safely ahead (Deadline). Default true.</summary>
    [JsonPropertyName("returnToSpot")]
    [Default(Defaults.ReturnToSpot)]
    public bool? ReturnToSpot { get; set; }
}
