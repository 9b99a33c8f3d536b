using System.Globalization;
using Orchestrator.Api;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>Everything a store needs besides its URI. Built from the environment by the agent, directly by tests and the benchmark.</summary>
public sealed record StoreSettings
{
    public S3Settings S3 { get; init; } = new();

    public AzureSettings Azure { get; init; } = new();

    public TransferSettings Transfer { get; init; } = TransferSettings.Default;

    public RetrySettings Retry { get; init; } = RetrySettings.Default;

    /// <summary>Every credential value, for <see cref="Redactor"/>.</summary>
    public IEnumerable<string?> Secrets =>
        [S3.SecretAccessKey, S3.SessionToken, Azure.ConnectionString, Azure.SasToken, Azure.AccountKey];

    /// <summary>
    /// Reads the ORCH_* settings and the SDKs' standard credential variables. Unset values keep the
    /// defaults; malformed values fail with the variable's name.
    /// </summary>
    public static StoreSettings FromEnvironment(IReadOnlyDictionary<string, string?> env)
    {
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var transfer = TransferSettings.Default;
        if (Get(EnvVars.TransferPartSizeMiB) is { } mib)
        {
            transfer = transfer with { PartSizeBytes = checked(ParseInt(EnvVars.TransferPartSizeMiB, mib) * 1024 * 1024) };
        }

        if (Get(EnvVars.TransferParallelism) is { } par)
        {
            transfer = transfer with { Parallelism = ParseInt(EnvVars.TransferParallelism, par) };
        }

        if (Get(EnvVars.TransferSingleRequestMaxMiB) is { } single)
        {
            transfer = transfer with { SingleRequestUploadMaxBytes = checked(ParseLong(EnvVars.TransferSingleRequestMaxMiB, single) * 1024 * 1024) };
        }

        if (Get(EnvVars.TransferParallelDownload) is { } parallelDownload)
        {
            transfer = transfer with { ParallelDownload = ParseBool(EnvVars.TransferParallelDownload, parallelDownload) };
        }

        try
        {
            transfer.Validate();
        }
        catch (ArgumentException e)
        {
            var name = e.ParamName == nameof(TransferSettings.SingleRequestUploadMaxBytes)
                ? EnvVars.TransferSingleRequestMaxMiB
                : $"{EnvVars.TransferPartSizeMiB}/{EnvVars.TransferParallelism}";
            throw new ArgumentException($"{name}: {e.Message}", e);
        }

        return new StoreSettings
        {
            Transfer = transfer,
            S3 = new S3Settings
            {
                Endpoint = Get(EnvVars.S3Endpoint),
                Region = Get(EnvVars.S3Region) ?? Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION"),
                ForcePathStyle = Get(EnvVars.S3ForcePathStyle) is { } ps ? ParseBool(EnvVars.S3ForcePathStyle, ps) : null,
                ChunkEncoding = Get(EnvVars.S3ChunkEncoding) is { } ce ? ParseBool(EnvVars.S3ChunkEncoding, ce) : null,
                ChecksumMode = Get(EnvVars.S3ChecksumMode) is { } cm ? ParseChecksumMode(cm) : null,
                AccessKeyId = Get("AWS_ACCESS_KEY_ID"),
                SecretAccessKey = Get("AWS_SECRET_ACCESS_KEY"),
                SessionToken = Get("AWS_SESSION_TOKEN"),
            },
            Azure = new AzureSettings
            {
                ConnectionString = Get("AZURE_STORAGE_CONNECTION_STRING"),
                SasToken = Get("AZURE_STORAGE_SAS_TOKEN"),
                AccountKey = Get("AZURE_STORAGE_KEY"),
                Endpoint = Get(EnvVars.AzureBlobEndpoint),
            },
        };
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a whole number");

    private static long ParseLong(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a whole number");

    private static bool ParseBool(string name, string value) =>
        bool.TryParse(value, out var b)
            ? b
            : throw new ArgumentException($"{name}: '{value}' is not true or false");

    private static S3ChecksumMode ParseChecksumMode(string value) =>
        value.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "WHENSUPPORTED" => S3ChecksumMode.WhenSupported,
            "WHENREQUIRED" => S3ChecksumMode.WhenRequired,
            _ => throw new ArgumentException($"{EnvVars.S3ChecksumMode}: '{value}' is not WhenSupported or WhenRequired"),
        };
}
