using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Where a run is in its life. See docs/api.md for the transitions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunPhase>))]
public enum RunPhase
{
    /// <summary>Accepted, no attempt created yet.</summary>
    Pending,

    /// <summary>An attempt's Job exists and waits for Kueue admission or for its pods to start.</summary>
    Queued,

    Running,

    /// <summary>A preemption notice arrived; a just-in-time checkpoint was requested.</summary>
    Checkpointing,

    /// <summary>The previous attempt ended by a disruption or a retried failure; the next one is being started.</summary>
    Recovering,

    Suspended,
    Succeeded,
    Failed,
}
