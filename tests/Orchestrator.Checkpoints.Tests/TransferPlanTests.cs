using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>Which strategy each backend gets for which object (the defaults docs/checkpointing.md explains).</summary>
public sealed class TransferPlanTests
{
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    public static TheoryData<string, string, long?, long?, string> Uploads => new()
    {
        // case, profile, bytes left in a re-readable source (null: cannot be rewound), override, expected
        { "s3-compatible, 1 GiB file: one PutObject", "S3Compatible", GiB, null, "SingleRequest" },
        { "s3-compatible, exactly 5 GiB: one PutObject", "S3Compatible", 5 * GiB, null, "SingleRequest" },
        { "s3-compatible, above the 5 GiB PutObject limit: parts", "S3Compatible", (5 * GiB) + 1, null, "Parts" },
        { "s3-compatible, source that cannot be rewound: parts", "S3Compatible", null, null, "Parts" },
        { "s3-compatible, within one part: one PUT from the buffer", "S3Compatible", 16 * MiB, null, "Parts" },
        { "s3-compatible, single requests turned off", "S3Compatible", GiB, 0, "Parts" },
        { "AWS S3, 1 GiB file: parallel parts", "AmazonS3", GiB, null, "Parts" },
        { "AWS S3, single requests turned on up to 2 GiB", "AmazonS3", GiB, 2 * GiB, "SingleRequest" },
        { "Azure cloud, 1 GiB file: parallel blocks", "AzureBlob", GiB, null, "Parts" },
        { "Azurite, 1 GiB file: one Put Blob", "AzureBlobCustomEndpoint", GiB, null, "SingleRequest" },
        { "Azurite, above the 5000 MiB Put Blob limit: parallel blocks", "AzureBlobCustomEndpoint", 5001 * MiB, null, "Parts" },
    };

    public static TheoryData<string, string, long, bool?, string> Downloads => new()
    {
        // case, profile, object size, override, expected
        { "Azurite, 1 GiB: one streamed GET", "AzureBlobCustomEndpoint", GiB, null, "SingleStream" },
        { "Azurite, ranges turned on", "AzureBlobCustomEndpoint", GiB, true, "ParallelRanges" },
        { "Azure cloud, 1 GiB: parallel ranges", "AzureBlob", GiB, null, "ParallelRanges" },
        { "s3-compatible, 1 GiB: parallel ranges", "S3Compatible", GiB, null, "ParallelRanges" },
        { "AWS S3, 1 GiB: parallel ranges", "AmazonS3", GiB, null, "ParallelRanges" },
        { "AWS S3, ranges turned off", "AmazonS3", GiB, false, "SingleStream" },
        { "AWS S3, within one part: one GET", "AmazonS3", 16 * MiB, null, "SingleStream" },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public void Upload_strategy_follows_backend_and_size(string name, string profile, long? rereadable, long? limit, string expected)
    {
        _ = name;
        var plan = TransferPlan.For(Enum.Parse<StoreProfile>(profile), new TransferSettings { SingleRequestUploadMaxBytes = limit });

        Assert.Equal(Enum.Parse<UploadStrategy>(expected), plan.ChooseUpload(rereadable));
    }

    [Theory]
    [MemberData(nameof(Downloads))]
    public void Download_strategy_follows_backend_and_size(string name, string profile, long size, bool? parallel, string expected)
    {
        _ = name;
        var plan = TransferPlan.For(Enum.Parse<StoreProfile>(profile), new TransferSettings { ParallelDownload = parallel });

        Assert.Equal(Enum.Parse<DownloadStrategy>(expected), plan.ChooseDownload(size));
    }

    [Theory]
    [InlineData("AWS, no endpoint", "s3://bucket/x", null, "AmazonS3")]
    [InlineData("AWS regional endpoint", "s3://bucket/x", "https://s3.eu-west-1.amazonaws.com", "AmazonS3")]
    [InlineData("s3rver on loopback", "s3://bucket/x", "http://127.0.0.1:9000", "S3Compatible")]
    [InlineData("MinIO", "s3://bucket/x", "https://minio.example.internal", "S3Compatible")]
    [InlineData("Azure cloud", "https://acct.blob.core.windows.net/ckpts/x", null, "AzureBlob")]
    [InlineData("Azure through another endpoint (Azurite)", "azblob://devstoreaccount1/ckpts/x", "http://127.0.0.1:10000/devstoreaccount1", "AzureBlobCustomEndpoint")]
    public void Store_knows_its_backend_profile(string name, string uri, string? endpoint, string expected)
    {
        _ = name;
        var settings = new StoreSettings
        {
            S3 = new S3Settings { Endpoint = endpoint, Region = "us-east-1", AccessKeyId = "id", SecretAccessKey = "secret" },
            Azure = new AzureSettings { Endpoint = endpoint, AccountKey = Convert.ToBase64String(new byte[64]) },
        };
        using var store = (ChunkedObjectStore)CheckpointStores.Open(uri, settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal(Enum.Parse<StoreProfile>(expected), store.Profile);
    }

    [Theory]
    [InlineData("unset keeps the backend defaults", null, null, null, null)]
    [InlineData("single requests off, ranges on", "0", "true", 0L, true)]
    [InlineData("single requests up to 2 GiB, one GET", "2048", "False", 2048L * 1024 * 1024, false)]
    public void Environment_overrides_the_backend_defaults(string name, string? singleMiB, string? parallel, long? expectedSingle, bool? expectedParallel)
    {
        _ = name;
        var settings = StoreSettings.FromEnvironment(new Dictionary<string, string?>
        {
            [Orchestrator.Api.EnvVars.TransferSingleRequestMaxMiB] = singleMiB,
            [Orchestrator.Api.EnvVars.TransferParallelDownload] = parallel,
        });

        Assert.Equal(expectedSingle, settings.Transfer.SingleRequestUploadMaxBytes);
        Assert.Equal(expectedParallel, settings.Transfer.ParallelDownload);
    }

    [Theory]
    [InlineData("ORCH_TRANSFER_SINGLE_REQUEST_MAX_MIB", "lots")]
    [InlineData("ORCH_TRANSFER_SINGLE_REQUEST_MAX_MIB", "-1")]
    [InlineData("ORCH_TRANSFER_PARALLEL_DOWNLOAD", "sometimes")]
    public void Malformed_environment_value_names_the_variable(string variable, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreSettings.FromEnvironment(new Dictionary<string, string?> { [variable] = value }));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_single_request_limit_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new TransferSettings { SingleRequestUploadMaxBytes = -1 }.Validate());

        Assert.Equal(nameof(TransferSettings.SingleRequestUploadMaxBytes), error.ParamName);
    }
}
