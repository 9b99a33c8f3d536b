namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// How large objects move: parts of <see cref="PartSizeBytes"/>, at most <see cref="Parallelism"/> in
/// flight. Memory held by one store is at most PartSizeBytes × Parallelism, whatever the file size.
/// The defaults come from the checkpoint benchmark (docs/checkpointing.md).
/// </summary>
public sealed record TransferSettings
{
    public const int DefaultPartSizeBytes = 16 * 1024 * 1024;
    public const int DefaultParallelism = 2;

    /// <summary>S3 refuses parts below 5 MiB (except the last one).</summary>
    public const int MinPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>S3 allows at most 10 000 parts per object.</summary>
    public const int MaxParts = 10_000;

    public int PartSizeBytes { get; init; } = DefaultPartSizeBytes;

    public int Parallelism { get; init; } = DefaultParallelism;

    /// <summary>
    /// Objects above one part and up to this size whose source can be re-read (a file) go in one
    /// streamed request instead of parts. Null: the backend's default (S3-compatible endpoints 5 GiB,
    /// since s3rver writes multipart uploads twice; Azure endpoints other than the Azure cloud, such as
    /// Azurite, 5000 MiB; AWS S3 and the Azure cloud 0, i.e. always parallel parts).
    /// </summary>
    public long? SingleRequestUploadMaxBytes { get; init; }

    /// <summary>
    /// Whether downloads above one part fetch Parallelism ranges at once (true) or stream one GET
    /// (false). Null: the backend's default (one GET for Azure endpoints other than the Azure cloud,
    /// such as Azurite; ranges elsewhere).
    /// </summary>
    public bool? ParallelDownload { get; init; }

    public static TransferSettings Default { get; } = new();

    public void Validate()
    {
        if (PartSizeBytes < MinPartSizeBytes)
        {
            throw new ArgumentException($"part size {PartSizeBytes} bytes is below the 5 MiB minimum S3 accepts", nameof(PartSizeBytes));
        }

        if (Parallelism < 1)
        {
            throw new ArgumentException($"parallelism must be at least 1, got {Parallelism}", nameof(Parallelism));
        }

        if (SingleRequestUploadMaxBytes is < 0)
        {
            throw new ArgumentException($"single-request upload limit must not be negative, got {SingleRequestUploadMaxBytes}", nameof(SingleRequestUploadMaxBytes));
        }
    }
}
