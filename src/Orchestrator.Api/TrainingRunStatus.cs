using System.Text.Json.Serialization;
using k8s.Models;

namespace Orchestrator.Api;

/// <summary>What the controller observed and decided. Written once per reconcile through the status subresource.</summary>
public sealed class TrainingRunStatus
{
    [JsonPropertyName("phase")]
    public RunPhase? Phase { get; set; }

    /// <summary>The 1-based index of the newest attempt; 0 before the first.</summary>
    [JsonPropertyName("currentAttempt")]
    public int CurrentAttempt { get; set; }

    /// <summary>The capacity the current (or next) attempt uses.</summary>
    [JsonPropertyName("capacityType")]
    public CapacityType? CapacityType { get; set; }

    /// <summary>Attempts, oldest first.</summary>
    [JsonPropertyName("attempts")]
    public IList<AttemptRecord>? Attempts { get; set; }

    [JsonPropertyName("preemptions")]
    public int Preemptions { get; set; }

    [JsonPropertyName("appFailures")]
    public int AppFailures { get; set; }

    /// <summary>The preemption notice being handled, while the phase is Checkpointing.</summary>
    [JsonPropertyName("notice")]
    public NoticeStatus? Notice { get; set; }

    /// <summary>The newest checkpoint whose manifest was committed.</summary>
    [JsonPropertyName("lastCheckpoint")]
    public CheckpointStatus? LastCheckpoint { get; set; }

    /// <summary>The trainer's newest progress report, with the ETA and whether the deadline is on track.</summary>
    [JsonPropertyName("progress")]
    public ProgressStatus? Progress { get; set; }

    /// <summary>The periodic interval in force, as a duration (resolved from <c>auto</c>).</summary>
    [JsonPropertyName("checkpointInterval")]
    public string? CheckpointInterval { get; set; }

    /// <summary>Observed mean time a save takes, in seconds; used for just-in-time and Young/Daly decisions.</summary>
    [JsonPropertyName("meanSaveSeconds")]
    public double? MeanSaveSeconds { get; set; }

    /// <summary>A save the controller requested and waits on (not a notice save, which lives in <see cref="Notice"/>).</summary>
    [JsonPropertyName("pendingSave")]
    public SaveRequestStatus? PendingSave { get; set; }

    /// <summary>Durations of the newest requested saves, in seconds, newest last (at most 10): the just-in-time estimate's data.</summary>
    [JsonPropertyName("recentSaveSeconds")]
    public IList<double>? RecentSaveSeconds { get; set; }

    /// <summary>The restart request (annotation <c>orchestrator.dev/restart-request</c>) the controller has answered.</summary>
    [JsonPropertyName("handledRestartRequest")]
    public string? HandledRestartRequest { get; set; }

    [JsonPropertyName("gpuSeconds")]
    public GpuSeconds? GpuSeconds { get; set; }

    [JsonPropertyName("cost")]
    public CostStatus? Cost { get; set; }

    /// <summary>When the run first left Pending, and when it finished.</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTimeOffset? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}
