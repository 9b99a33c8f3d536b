namespace Orchestrator.Api;

/// <summary>
/// Environment variables the controller injects into every worker container, the restore init
/// container and the agent sidecar. This is the trainer contract's identity half; the file half
/// (save requests, finished markers, restore info) is in docs/checkpointing.md.
/// </summary>
public static class EnvVars
{
    /// <summary>The TrainingRun's name.</summary>
    public const string Run = "ORCH_RUN";

    public const string Namespace = "ORCH_NAMESPACE";

    /// <summary>The attempt index, 1-based.</summary>
    public const string Attempt = "ORCH_ATTEMPT";

    /// <summary>This worker's rank, 0-based (the Job completion index).</summary>
    public const string Rank = "ORCH_RANK";

    /// <summary>The number of workers in the gang.</summary>
    public const string WorldSize = "ORCH_WORLD_SIZE";

    /// <summary>The local folder checkpoints are written to and restored into.</summary>
    public const string CheckpointDir = "ORCH_CHECKPOINT_DIR";

    /// <summary>The storage URI checkpoints are committed to (no credentials in it).</summary>
    public const string CheckpointUri = "ORCH_CHECKPOINT_URI";

    /// <summary>The pod's own name and namespace (downward API), so the agent can annotate its pod.</summary>
    public const string PodName = "ORCH_POD_NAME";
}
