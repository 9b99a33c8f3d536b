using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Where checkpoints live and how often they are taken.</summary>
public sealed class CheckpointSpec
{
    [JsonPropertyName("storage")]
    public StorageSpec Storage { get; set; } = new();

    /// <summary>The folder in the pod the trainer writes checkpoints to and restores from. Default <c>/checkpoints</c>.</summary>
    [JsonPropertyName("localPath")]
    public string? LocalPath { get; set; }

    /// <summary>Periodic checkpoint interval: a duration, or <c>auto</c> (Young/Daly from observed save time and preemption rate). Default <c>auto</c>.</summary>
    [JsonPropertyName("interval")]
    public string? Interval { get; set; }

    /// <summary>Ask for a just-in-time checkpoint when a preemption notice arrives. Default true.</summary>
    [JsonPropertyName("saveOnNotice")]
    public bool? SaveOnNotice { get; set; }

    /// <summary>How long a requested save may take before the attempt ends without it. Default <c>5m</c>.</summary>
    [JsonPropertyName("saveTimeout")]
    public string? SaveTimeout { get; set; }

    /// <summary>How many committed checkpoints to keep. Default 3, at least 1.</summary>
    [JsonPropertyName("keep")]
    public int? Keep { get; set; }
}
