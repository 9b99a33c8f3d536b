namespace Orchestrator.Checkpoints.Storage;

/// <summary>One object being written in parts: S3 multipart upload or Azure staged blocks.</summary>
internal interface IMultipartUpload
{
    /// <summary>Uploads part <paramref name="partNumber"/> (1-based); returns the token Complete needs.</summary>
    Task<string> UploadPartAsync(int partNumber, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    Task CompleteAsync(IReadOnlyList<string> partTokens, CancellationToken cancellationToken);

    Task AbortAsync(CancellationToken cancellationToken);
}
