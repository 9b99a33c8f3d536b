using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>One attempt: a Job on one capacity type, from creation to its classified end.</summary>
public sealed class AttemptRecord
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("capacity")]
    public CapacityType Capacity { get; set; }

    [JsonPropertyName("queue")]
    public string Queue { get; set; } = "";

    /// <summary>The ResourceFlavor Kueue admitted the attempt's GPUs on (<c>status.admission.podSetAssignments[].flavors</c>).</summary>
    [JsonPropertyName("flavor")]
    public string? Flavor { get; set; }

    /// <summary>
    /// The capacity the attempt actually runs on, when it differs from <see cref="Capacity"/>: a spot-queue attempt that
    /// Kueue admitted on an on-demand flavor by borrowing in its cohort is costed and shown as on-demand.
    /// </summary>
    [JsonPropertyName("admittedCapacity")]
    public CapacityType? AdmittedCapacity { get; set; }

    [JsonPropertyName("jobName")]
    public string JobName { get; set; } = "";

    /// <summary>When the Job was created.</summary>
    [JsonPropertyName("createTime")]
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>When all workers were running (GPU time is counted from here).</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    [JsonPropertyName("endTime")]
    public DateTimeOffset? EndTime { get; set; }

    [JsonPropertyName("endReason")]
    public AttemptEndReason? EndReason { get; set; }

    /// <summary>The signals that decided the end reason, for example <c>node/ip-10-0-1-7: taint aws-node-termination-handler/spot-itn</c>.</summary>
    [JsonPropertyName("evidence")]
    public IList<string>? Evidence { get; set; }

    /// <summary>
    /// The checkpoint step this attempt resumed from, as its restore init containers report it (the same on every
    /// worker; unset when they started from step 0). Until they report (<c>restoreReportedTime</c> unset): the newest
    /// checkpoint the controller knew when it created the attempt.
    /// </summary>
    [JsonPropertyName("restoredStep")]
    public long? RestoredStep { get; set; }

    /// <summary>The id of the checkpoint every worker restored, as the agents report it; unset for a fresh start.</summary>
    [JsonPropertyName("restoredCheckpoint")]
    public string? RestoredCheckpoint { get; set; }

    /// <summary>When the controller first saw the agents' restore report; unset until then.</summary>
    [JsonPropertyName("restoreReportedTime")]
    public DateTimeOffset? RestoreReportedTime { get; set; }

    /// <summary>Training time lost by this attempt's end: from the newest checkpoint to the end, in seconds.</summary>
    [JsonPropertyName("lostWorkSeconds")]
    public double? LostWorkSeconds { get; set; }

    /// <summary>The zone a spot attempt was steered to (<c>spec.capacity.spotZones</c>); null otherwise.</summary>
    [JsonPropertyName("zone")]
    public string? Zone { get; set; }

    [JsonPropertyName("gpuSeconds")]
    public double? GpuSeconds { get; set; }
}
