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

    /// <summary>How many committed checkpoints the agent keeps (rank 0 prunes older ones). Default 3.</summary>
    public const string CheckpointKeep = "ORCH_CHECKPOINT_KEEP";

    /// <summary>S3-compatible endpoint URL (MinIO, s3rver); unset for AWS.</summary>
    public const string S3Endpoint = "ORCH_S3_ENDPOINT";

    /// <summary><c>true</c> to address buckets path-style.</summary>
    public const string S3ForcePathStyle = "ORCH_S3_FORCE_PATH_STYLE";

    public const string S3Region = "ORCH_S3_REGION";

    /// <summary><c>WhenSupported</c> (SDK default) or <c>WhenRequired</c> (servers without flexible checksums).</summary>
    public const string S3ChecksumMode = "ORCH_S3_CHECKSUM_MODE";

    /// <summary><c>false</c> for servers that do not decode aws-chunked uploads.</summary>
    public const string S3ChunkEncoding = "ORCH_S3_CHUNK_ENCODING";

    /// <summary>Blob endpoint override for <c>azblob://</c> URIs (Azurite, sovereign clouds).</summary>
    public const string AzureBlobEndpoint = "ORCH_AZURE_BLOB_ENDPOINT";

    /// <summary>Transfer part size in MiB (at least 5). Default 16.</summary>
    public const string TransferPartSizeMiB = "ORCH_TRANSFER_PART_SIZE_MIB";

    /// <summary>Parts in flight per transfer. Default 2.</summary>
    public const string TransferParallelism = "ORCH_TRANSFER_PARALLELISM";

    /// <summary>Files above one part and up to this many MiB go in one streamed request (0: always parts). Default per backend.</summary>
    public const string TransferSingleRequestMaxMiB = "ORCH_TRANSFER_SINGLE_REQUEST_MAX_MIB";

    /// <summary><c>true</c>: downloads fetch parallel ranges; <c>false</c>: one streamed GET. Default per backend.</summary>
    public const string TransferParallelDownload = "ORCH_TRANSFER_PARALLEL_DOWNLOAD";

    /// <summary><c>true</c> to run the agent without a Kubernetes API (local use, tests): status goes to files in the checkpoint folder.</summary>
    public const string NoKube = "ORCH_NO_KUBE";

    /// <summary>Seconds the agent keeps uploading after SIGTERM; the controller sets it from the pod's grace period (PodGracePeriod).</summary>
    public const string AgentGraceSeconds = "ORCH_AGENT_GRACE_SECONDS";

    /// <summary>
    /// Where the agent writes its termination message (the container's <c>terminationMessagePath</c>, default
    /// /dev/termination-log): the kubelet puts it in the container status, which the controller reads.
    /// </summary>
    public const string TerminationMessagePath = "ORCH_TERMINATION_MESSAGE_PATH";
}
