namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// A parsed checkpoint URI. <see cref="Display"/> is the credential-free form for logs and status;
/// a SAS token found in an https URI's query is kept apart in <see cref="SasToken"/>.
/// </summary>
public sealed record StorageUri(StorageKind Kind, string Display)
{
    /// <summary>S3 bucket, or Azure container.</summary>
    public string Container { get; init; } = "";

    /// <summary>Azure storage account.</summary>
    public string Account { get; init; } = "";

    /// <summary>Key prefix inside the bucket/container, without leading slash, with a trailing slash when not empty.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>For file URIs: the absolute folder.</summary>
    public string LocalPath { get; init; } = "";

    /// <summary>For https Azure URIs: the blob service endpoint (<c>https://account.blob.core.windows.net</c>).</summary>
    public Uri? ServiceEndpoint { get; init; }

    public string? SasToken { get; init; }

    public override string ToString() => Display;

    /// <summary>Parses <c>s3://bucket/prefix</c>, <c>azblob://account/container/prefix</c>, <c>https://account.blob.core.windows.net/container/prefix[?sas]</c> and <c>file:///path</c>.</summary>
    public static StorageUri Parse(string uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new ArgumentException("checkpoint storage URI is empty; expected s3://bucket/prefix, azblob://account/container/prefix, https://<account>.blob.core.windows.net/container/prefix or file:///path");
        }

        uri = uri.Trim();
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new ArgumentException($"checkpoint storage URI '{SafeEcho(uri)}' has no scheme; expected s3://, azblob://, https:// or file://");
        }

        var scheme = uri[..schemeEnd].ToLowerInvariant();
        var rest = uri[(schemeEnd + 3)..];
        return scheme switch
        {
            "s3" => ParseS3(rest),
            "azblob" => ParseAzblob(rest),
            "https" or "http" => ParseAzureHttps(scheme, rest),
            "file" => ParseFile(rest),
            _ => throw new ArgumentException($"checkpoint storage URI scheme '{scheme}' is not supported; expected s3, azblob, https (Azure Blob) or file"),
        };
    }

    private static StorageUri ParseS3(string rest)
    {
        var (bucket, prefix) = SplitFirst(rest);
        if (bucket.Length == 0)
        {
            throw new ArgumentException("s3 URI has no bucket: expected s3://bucket/prefix");
        }

        if (bucket.Length is < 3 or > 63 || bucket.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            throw new ArgumentException($"s3 bucket '{bucket}' is not a valid bucket name (3-63 characters: lowercase letters, digits, '-' and '.')");
        }

        var p = NormalizePrefix(prefix);
        return new StorageUri(StorageKind.S3, $"s3://{bucket}/{p}") { Container = bucket, Prefix = p };
    }

    private static StorageUri ParseAzblob(string rest)
    {
        if (rest.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException("azblob URI must not carry a query (credentials belong in a Secret: AZURE_STORAGE_SAS_TOKEN or AZURE_STORAGE_CONNECTION_STRING)");
        }

        var (account, afterAccount) = SplitFirst(rest);
        var (container, prefix) = SplitFirst(afterAccount);
        if (account.Length == 0 || container.Length == 0)
        {
            throw new ArgumentException("azblob URI needs an account and a container: expected azblob://account/container/prefix");
        }

        ValidateContainer(container);
        var p = NormalizePrefix(prefix);
        return new StorageUri(StorageKind.AzureBlob, $"azblob://{account}/{container}/{p}") { Account = account, Container = container, Prefix = p };
    }

    private static StorageUri ParseAzureHttps(string scheme, string rest)
    {
        string? sas = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            sas = rest[(q + 1)..];
            rest = rest[..q];
        }

        var (host, afterHost) = SplitFirst(rest);
        const string suffix = ".blob.core.windows.net";
        if (!host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || host.Length == suffix.Length)
        {
            throw new ArgumentException($"{scheme} URI host '{host}' is not an Azure Blob endpoint (<account>{suffix}); for S3 use s3://bucket/prefix with {Api.EnvVars.S3Endpoint}");
        }

        var account = host[..^suffix.Length];
        var (container, prefix) = SplitFirst(afterHost);
        if (container.Length == 0)
        {
            throw new ArgumentException("Azure Blob URI needs a container: expected https://<account>.blob.core.windows.net/container/prefix");
        }

        ValidateContainer(container);
        var p = NormalizePrefix(prefix);
        return new StorageUri(StorageKind.AzureBlob, $"{scheme}://{host}/{container}/{p}")
        {
            Account = account,
            Container = container,
            Prefix = p,
            ServiceEndpoint = new Uri($"{scheme}://{host}"),
            SasToken = string.IsNullOrEmpty(sas) ? null : sas,
        };
    }

    private static StorageUri ParseFile(string rest)
    {
        if (!rest.StartsWith('/'))
        {
            throw new ArgumentException($"file URI must be absolute: expected file:///path, got file://{rest}");
        }

        var path = Path.GetFullPath(Uri.UnescapeDataString(rest));
        return new StorageUri(StorageKind.File, "file://" + path) { LocalPath = path };
    }

    private static void ValidateContainer(string container)
    {
        if (container.Length is < 3 or > 63 || container.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new ArgumentException($"Azure container '{container}' is not a valid container name (3-63 characters: lowercase letters, digits and '-')");
        }
    }

    private static (string Head, string Tail) SplitFirst(string s)
    {
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (s, "") : (s[..slash], s[(slash + 1)..]);
    }

    private static string NormalizePrefix(string prefix)
    {
        var parts = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
        {
            throw new ArgumentException($"storage prefix '{prefix}' must not contain '.' or '..' segments");
        }

        return parts.Length == 0 ? "" : string.Join('/', parts) + "/";
    }

    // Echo only what cannot hold a secret: the URI up to its query.
    private static string SafeEcho(string uri)
    {
        var q = uri.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? uri : uri[..q] + "?" + Redactor.Mask;
    }
}
