using System.Globalization;
using System.Text;
using Azure;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>Azure Blob: parts are staged blocks committed with one block list.</summary>
internal sealed class AzureBlobCheckpointStore : ChunkedObjectStore
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    public AzureBlobCheckpointStore(StorageUri uri, StoreSettings settings, ILogger logger)
        : base(uri.Display, settings, logger)
    {
        _prefix = uri.Prefix;
        var options = new BlobClientOptions();

        // Retries are ours (Polly, transient-only, injectable jitter); the SDK's would multiply them.
        options.Retry.MaxRetries = 0;
        var azure = settings.Azure;
        var endpoint = uri.ServiceEndpoint
            ?? new Uri(azure.Endpoint ?? $"https://{uri.Account}.blob.core.windows.net");
        var sas = uri.SasToken ?? azure.SasToken;
        BlobServiceClient service;
        if (azure.ConnectionString is { } connectionString && uri.SasToken is null)
        {
            service = new BlobServiceClient(connectionString, options);
        }
        else if (sas is not null)
        {
            service = new BlobServiceClient(endpoint, new AzureSasCredential(sas.TrimStart('?')), options);
        }
        else if (azure.AccountKey is { } key)
        {
            service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(uri.Account, key), options);
        }
        else
        {
            service = new BlobServiceClient(endpoint, new DefaultAzureCredential(), options);
        }

        _container = service.GetBlobContainerClient(uri.Container);
    }

    internal override StoreProfile Profile => IsAzureCloud(_container.Uri) ? StoreProfile.AzureBlob : StoreProfile.AzureBlobCustomEndpoint;

    /// <summary>Creates the container when missing (tests, benchmark, local use).</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    protected override async Task PutSingleAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var body = BodyStream.Of(data);
        await Blob(key).UploadAsync(body, new BlobUploadOptions(), cancellationToken);
    }

    protected override async Task PutStreamAsync(string key, Stream body, long length, CancellationToken cancellationToken)
    {
        // Put Blob takes up to 5000 MiB in one request; the SDK would split a longer body into blocks.
        var options = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = length, MaximumTransferSize = length, MaximumConcurrency = 1 },
        };
        await _container.GetBlobClient(_prefix + key).UploadAsync(body, options, cancellationToken);
    }

    protected override async Task<Stream> OpenReadAsync(string key, string? etag, long offset, long length, CancellationToken cancellationToken)
    {
        var options = new BlobDownloadOptions
        {
            // The whole blob without a Range header: Azurite serves a plain GET faster than a ranged one.
            Range = offset == 0 ? default : new HttpRange(offset, length),
            Conditions = etag is null ? null : new BlobRequestConditions { IfMatch = new ETag(etag) },
        };
        var response = await Blob(key).DownloadStreamingAsync(options, cancellationToken);
        return response.Value.Content;
    }

    protected override Task<IMultipartUpload> BeginMultipartAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<IMultipartUpload>(new Upload(Blob(key), Guid.NewGuid().ToString("N")));

    protected override async Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var props = await Blob(key).GetPropertiesAsync(cancellationToken: cancellationToken);
            return new ObjectInfo(props.Value.ContentLength, props.Value.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    protected override async Task GetRangeAsync(string key, string? etag, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var options = new BlobDownloadOptions
        {
            Range = new HttpRange(offset, buffer.Length),
            Conditions = etag is null ? null : new BlobRequestConditions { IfMatch = new ETag(etag) },
        };
        var response = await Blob(key).DownloadStreamingAsync(options, cancellationToken);
        using var content = response.Value.Content;
        await ReadExactlyAsync(content, buffer, cancellationToken);
    }

    protected override async Task<(IReadOnlyList<StoredObject> Items, string? Next)> ListPageAsync(string prefix, string? continuation, CancellationToken cancellationToken)
    {
        var pages = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix + prefix, cancellationToken).AsPages(continuation);
        await foreach (var page in pages)
        {
            var items = page.Values.Select(b => new StoredObject(b.Name[_prefix.Length..], b.Properties.ContentLength ?? 0)).ToList();
            return (items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return ([], null);
    }

    protected override async Task DeleteObjectAsync(string key, CancellationToken cancellationToken) =>
        await Blob(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    protected override void DisposeClient()
    {
    }

    private static bool IsAzureCloud(Uri endpoint) =>
        endpoint.Host.EndsWith(".blob.core.windows.net", StringComparison.OrdinalIgnoreCase)
        || endpoint.Host.EndsWith(".blob.core.chinacloudapi.cn", StringComparison.OrdinalIgnoreCase)
        || endpoint.Host.EndsWith(".blob.core.usgovcloudapi.net", StringComparison.OrdinalIgnoreCase);

    private BlockBlobClient Blob(string key) => _container.GetBlockBlobClient(_prefix + key);

    private sealed class Upload(BlockBlobClient blob, string uploadTag) : IMultipartUpload
    {
        public async Task<string> UploadPartAsync(int partNumber, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            // Block ids must have one length within a blob; the tag keeps retried or concurrent
            // uploads of the same name from mixing blocks.
            var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(uploadTag + partNumber.ToString("D6", CultureInfo.InvariantCulture)));
            using var body = BodyStream.Of(data);
            await blob.StageBlockAsync(id, body, options: null, cancellationToken);
            return id;
        }

        public async Task CompleteAsync(IReadOnlyList<string> partTokens, CancellationToken cancellationToken) =>
            await blob.CommitBlockListAsync(partTokens, new CommitBlockListOptions(), cancellationToken);

        // Uncommitted blocks are dropped by the service (after a week, or at the next commit).
        public Task AbortAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
