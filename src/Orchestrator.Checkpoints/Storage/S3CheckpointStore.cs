using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// S3 and S3-compatible servers. Multipart uploads are done by hand (Initiate, parts in parallel,
/// Complete, Abort on failure) because TransferUtility cannot turn off aws-chunked encoding over HTTP.
/// </summary>
internal sealed class S3CheckpointStore : ChunkedObjectStore
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly bool? _chunkEncoding;
    private readonly StoreProfile _profile;

    public S3CheckpointStore(StorageUri uri, StoreSettings settings, ILogger logger)
        : base(uri.Display, settings, logger)
    {
        _bucket = uri.Container;
        _prefix = uri.Prefix;
        _chunkEncoding = settings.S3.ChunkEncoding;
        _profile = IsAmazon(settings.S3.Endpoint) ? StoreProfile.AmazonS3 : StoreProfile.S3Compatible;
        var config = CreateConfig(settings.S3);
        var s3 = settings.S3;
        _client = s3.AccessKeyId is not null && s3.SecretAccessKey is not null
            ? new AmazonS3Client(
                s3.SessionToken is null
                    ? new BasicAWSCredentials(s3.AccessKeyId, s3.SecretAccessKey)
                    : new SessionAWSCredentials(s3.AccessKeyId, s3.SecretAccessKey, s3.SessionToken),
                config)
            : new AmazonS3Client(config);
    }

    internal override StoreProfile Profile => _profile;

    /// <summary>Creates the bucket when missing (tests, benchmark, local use).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    protected override async Task PutSingleAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var body = BodyStream.Of(data);
        var request = new PutObjectRequest { BucketName = _bucket, Key = _prefix + key, InputStream = body, AutoCloseStream = false };
        if (_chunkEncoding is { } chunked)
        {
            request.UseChunkEncoding = chunked;
        }

        await _client.PutObjectAsync(request, cancellationToken);
    }

    protected override async Task PutStreamAsync(string key, Stream body, long length, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = _prefix + key, InputStream = body, AutoCloseStream = false };
        request.Headers.ContentLength = length;
        if (_chunkEncoding is { } chunked)
        {
            request.UseChunkEncoding = chunked;
        }

        await _client.PutObjectAsync(request, cancellationToken);
    }

    protected override async Task<Stream> OpenReadAsync(string key, string? etag, long offset, long length, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            ByteRange = offset == 0 ? null : new ByteRange(offset, offset + length - 1),
            EtagToMatch = etag,
        };
        var response = await _client.GetObjectAsync(request, cancellationToken);
        return response.ResponseStream;
    }

    protected override async Task<IMultipartUpload> BeginMultipartAsync(string key, CancellationToken cancellationToken)
    {
        var response = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken);
        return new Upload(this, _prefix + key, response.UploadId);
    }

    protected override async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var meta = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken);
            return new ObjectInfo(meta.ContentLength, meta.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    protected override async Task GetRangeAsync(string key, string? etag, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            ByteRange = new ByteRange(offset, offset + buffer.Length - 1),
            EtagToMatch = etag,
        };
        using var response = await _client.GetObjectAsync(request, cancellationToken);
        await ReadExactlyAsync(response.ResponseStream, buffer, cancellationToken);
    }

    protected override async Task<(IReadOnlyList<StoredObject> Items, string? Next)> ListPageAsync(string prefix, string? continuation, CancellationToken cancellationToken)
    {
        var response = await _client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix, ContinuationToken = continuation },
            cancellationToken);
        var items = (response.S3Objects ?? []).Select(o => new StoredObject(o.Key[_prefix.Length..], o.Size ?? 0)).ToList();
        return (items, response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    protected override void DisposeClient() => _client.Dispose();

    private static bool IsAmazon(string? endpoint) =>
        endpoint is null
        || (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            && (uri.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase)));

    private static AmazonS3Config CreateConfig(S3Settings s3)
    {
        // Retries are ours (Polly, transient-only, injectable jitter); the SDK's would multiply them.
        var config = new AmazonS3Config { MaxErrorRetry = 0 };
        if (s3.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = s3.Region ?? "us-east-1";
        }
        else if (s3.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (s3.ForcePathStyle is { } pathStyle)
        {
            config.ForcePathStyle = pathStyle;
        }

        if (s3.ChecksumMode is { } mode)
        {
            config.RequestChecksumCalculation = mode == S3ChecksumMode.WhenRequired
                ? RequestChecksumCalculation.WHEN_REQUIRED
                : RequestChecksumCalculation.WHEN_SUPPORTED;
            config.ResponseChecksumValidation = mode == S3ChecksumMode.WhenRequired
                ? ResponseChecksumValidation.WHEN_REQUIRED
                : ResponseChecksumValidation.WHEN_SUPPORTED;
        }

        return config;
    }

    private sealed class Upload(S3CheckpointStore store, string key, string uploadId) : IMultipartUpload
    {
        public async Task<string> UploadPartAsync(int partNumber, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            using var body = BodyStream.Of(data);
            var request = new UploadPartRequest
            {
                BucketName = store._bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = data.Length,
                InputStream = body,
            };
            if (store._chunkEncoding is { } chunked)
            {
                request.UseChunkEncoding = chunked;
            }

            var response = await store._client.UploadPartAsync(request, cancellationToken);
            return response.ETag;
        }

        public async Task CompleteAsync(IReadOnlyList<string> partTokens, CancellationToken cancellationToken)
        {
            var request = new CompleteMultipartUploadRequest
            {
                BucketName = store._bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = [.. partTokens.Select((etag, i) => new PartETag(i + 1, etag))],
            };
            await store._client.CompleteMultipartUploadAsync(request, cancellationToken);
        }

        public async Task AbortAsync(CancellationToken cancellationToken) =>
            await store._client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = store._bucket, Key = key, UploadId = uploadId },
                cancellationToken);
    }
}
