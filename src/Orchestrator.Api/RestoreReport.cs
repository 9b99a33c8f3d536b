using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>
/// What every rank's restore init container reports on its own pod (<see cref="Annotations.Restored"/>): the checkpoint
/// the whole gang restored (the same on every rank), or none (the gang started fresh together), and the checkpoints it
/// passed over. The controller records <see cref="AttemptRecord.RestoredStep"/> from it, not from what it knew itself.
/// </summary>
public sealed class RestoreReport
{
    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    /// <summary>Null: no committed checkpoint verified for every rank, and the gang started from step 0.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("step")]
    public long? Step { get; set; }

    /// <summary>Newer checkpoints not restored: damaged on some rank, or written by an attempt already superseded (fenced).</summary>
    [JsonPropertyName("skipped")]
    public IList<SkippedCheckpoint> Skipped { get; set; } = [];
}
