namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// The transfer settings resolved for one store: explicit settings win, unset ones take the
/// defaults measured for the store's <see cref="StoreProfile"/> (docs/checkpointing.md, "Performance").
/// </summary>
internal sealed record TransferPlan(int PartSizeBytes, long SingleRequestUploadMaxBytes, bool ParallelDownload)
{
    /// <summary>The largest object S3 accepts in one PutObject.</summary>
    public const long S3MaxSingleRequestBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>The largest blob Azure accepts in one Put Blob.</summary>
    public const long AzureMaxSingleRequestBytes = 5000L * 1024 * 1024;

    public static TransferPlan For(StoreProfile profile, TransferSettings settings) => new(
        settings.PartSizeBytes,
        settings.SingleRequestUploadMaxBytes ?? DefaultSingleRequestUploadMaxBytes(profile),
        settings.ParallelDownload ?? profile != StoreProfile.AzureBlobCustomEndpoint);

    /// <summary>
    /// <paramref name="rereadableLength"/> is the bytes left in a source that can be rewound for a
    /// retry (null when it cannot): only such a source may go in one request, since a failed request
    /// must send every byte again.
    /// </summary>
    public UploadStrategy ChooseUpload(long? rereadableLength) =>
        rereadableLength is { } n && n > PartSizeBytes && n <= SingleRequestUploadMaxBytes
            ? UploadStrategy.SingleRequest
            : UploadStrategy.Parts;

    public DownloadStrategy ChooseDownload(long sizeBytes) =>
        ParallelDownload && sizeBytes > PartSizeBytes ? DownloadStrategy.ParallelRanges : DownloadStrategy.SingleStream;

    // s3rver writes every multipart upload twice (the parts, then their concatenation on Complete),
    // so one PutObject beats any number of parts there; Azurite, a single Node thread, gains nothing
    // from parallel blocks either. AWS S3 and Azure Blob themselves scale with parallel parts.
    private static long DefaultSingleRequestUploadMaxBytes(StoreProfile profile) => profile switch
    {
        StoreProfile.S3Compatible => S3MaxSingleRequestBytes,
        StoreProfile.AzureBlobCustomEndpoint => AzureMaxSingleRequestBytes,
        _ => 0,
    };
}
