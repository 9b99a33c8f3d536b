using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>
/// Training progress as the trainer reports it (docs/checkpointing.md, "Progress"), with the controller's estimate
/// of when the run will finish. The agent annotates its pod with the trainer's numbers; the controller fills
/// <see cref="Eta"/> and <see cref="OnTrack"/>.
/// </summary>
public sealed class ProgressStatus
{
    /// <summary>The last completed step.</summary>
    [JsonPropertyName("step")]
    public long Step { get; set; }

    /// <summary>The step the run ends at, when the trainer knows it.</summary>
    [JsonPropertyName("totalSteps")]
    public long? TotalSteps { get; set; }

    /// <summary>Observed mean seconds per step (wall time between reports over steps done, in this attempt).</summary>
    [JsonPropertyName("stepSeconds")]
    public double? StepSeconds { get; set; }

    /// <summary>When the run should finish at the observed step time, if it keeps running; needs totalSteps and stepSeconds.</summary>
    [JsonPropertyName("eta")]
    public DateTimeOffset? Eta { get; set; }

    /// <summary>With a deadline: whether the run can still finish by it (the remaining compute fits the time left).</summary>
    [JsonPropertyName("onTrack")]
    public bool? OnTrack { get; set; }

    /// <summary>When the trainer wrote the numbers.</summary>
    [JsonPropertyName("reportedAt")]
    public DateTimeOffset ReportedAt { get; set; }
}
