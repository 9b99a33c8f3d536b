using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;

namespace Orchestrator.Api;

/// <summary>Where checkpoints live and how often they are taken.</summary>
public sealed class CheckpointSpec
{
    [JsonPropertyName("storage")]
    [Required]
    public StorageSpec Storage { get; set; } = new();

    /// <summary>The folder in the pod the trainer writes checkpoints to and restores from. Default <c>/checkpoints</c>.</summary>
    [JsonPropertyName("localPath")]
    [Default(Defaults.LocalPath)]
    [MaxLength(4096)]
    [CelRule("self.startsWith('/')", "must be an absolute path")]
    public string? LocalPath { get; set; }

    /// <summary>Periodic checkpoint interval: a duration, or <c>auto</c> (Young/Daly from observed save time and preemption rate). Default <c>auto</c>.</summary>
    [JsonPropertyName("interval")]
    [Default(Defaults.Interval)]
    [MaxLength(32)]
    [Pattern(Patterns.DurationOrAuto)]
    [CelRule("self == 'auto' || duration(self) > duration('0s')", "must be auto or a positive duration such as 30m")]
    public string? Interval { get; set; }

    /// <summary>Ask for a just-in-time checkpoint when a preemption notice arrives. Default true.</summary>
    [JsonPropertyName("saveOnNotice")]
    [Default(Defaults.SaveOnNotice)]
    public bool? SaveOnNotice { get; set; }

    /// <summary>How long a requested save may take before the attempt ends without it. Default <c>5m</c>.</summary>
    [JsonPropertyName("saveTimeout")]
    [Default(Defaults.SaveTimeout)]
    [MaxLength(32)]
    [Pattern(Patterns.Duration)]
    [CelRule("duration(self) > duration('0s')", "must be a positive duration such as 90s or 5m")]
    public string? SaveTimeout { get; set; }

    /// <summary>How many committed checkpoints to keep. Default 3, at least 1.</summary>
    [JsonPropertyName("keep")]
    [Minimum(1)]
    [Default(Defaults.Keep)]
    public int? Keep { get; set; }
}
