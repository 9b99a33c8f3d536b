using System.Text.RegularExpressions;
using Orchestrator.Api;
using Orchestrator.Api.Schema;

namespace Orchestrator.Core.Validation;

/// <summary>The storage URI forms the checkpoint stores understand, and that credentials stay out of it.</summary>
internal static partial class StorageRules
{
    private const string Path = "spec.checkpoint.storage";
    private const string UriPath = Path + ".uri";

    public static void Check(ErrorList errors, StorageSpec? storage)
    {
        if (storage is null)
        {
            errors.Add(Path, Messages.Required);
            return;
        }

        var scheme = Uri(errors, storage.Uri);

        if (storage.CredentialsSecret is { } secret && string.IsNullOrEmpty(secret.Name))
        {
            errors.Add(Path + ".credentialsSecret.name", Messages.Required);
        }

        if (storage.S3 is { } s3)
        {
            if (scheme is not null and not "s3")
            {
                errors.Add(Path + ".s3", "s3 options apply only to s3:// storage");
            }

            if (s3.Endpoint is { } endpoint && !HttpUrl().IsMatch(endpoint))
            {
                errors.Add(Path + ".s3.endpoint", "must be an http:// or https:// URL");
            }
        }
    }

    /// <summary>Checks the URI; returns its scheme when the scheme is supported.</summary>
    private static string? Uri(ErrorList errors, string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            errors.Add(UriPath, Messages.Required);
            return null;
        }

        var separator = uri.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            errors.Add(UriPath, $"must start with s3://, azblob://, https:// or file:// (got \"{uri}\")");
            return null;
        }

        var scheme = uri[..separator];
        if (scheme is not ("s3" or "azblob" or "https" or "file"))
        {
            errors.Add(UriPath, $"unsupported scheme \"{scheme}\" (use s3, azblob, https or file)");
            return null;
        }

        var rest = uri[(separator + 3)..];
        var authority = rest.Split('/')[0];
        if (authority.Contains('@', StringComparison.Ordinal) || rest.Contains('?', StringComparison.Ordinal))
        {
            errors.Add(UriPath, "must not carry credentials or a query string (such as a SAS token); use credentialsSecret");
            return scheme;
        }

        var segments = rest.Split('/');
        switch (scheme)
        {
            case "s3" when !S3Bucket().IsMatch(segments[0]):
                errors.Add(UriPath, segments[0].Length == 0
                    ? "s3 URI needs a bucket (s3://bucket/prefix)"
                    : $"invalid S3 bucket name \"{segments[0]}\" (3-63 lower-case letters, digits, '.' and '-')");
                break;
            case "azblob" when segments.Length < 2 || segments[0].Length == 0 || segments[1].Length == 0:
                errors.Add(UriPath, "azblob URI needs an account and a container (azblob://account/container/prefix)");
                break;
            case "https" when segments.Length < 2 || segments[0].Length == 0 || segments[1].Length == 0:
                errors.Add(UriPath, "https URI needs a host and a container (https://<account>.blob.core.windows.net/<container>/prefix)");
                break;
            case "file" when segments[0].Length != 0 || rest.Trim('/').Length == 0:
                errors.Add(UriPath, "file URI needs an absolute path below / and no host (file:///path)");
                break;
            default:
                break;
        }

        return scheme;
    }

    [GeneratedRegex(Patterns.HttpUrl)]
    private static partial Regex HttpUrl();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex S3Bucket();
}
