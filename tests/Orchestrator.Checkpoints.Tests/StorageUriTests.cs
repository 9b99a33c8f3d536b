using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests;

public sealed class StorageUriTests
{
    [Theory]
    [InlineData("s3 with prefix", "s3://my-bucket/team/runs", StorageKind.S3, "my-bucket", "team/runs/", "s3://my-bucket/team/runs/")]
    [InlineData("s3 bucket only", "s3://my-bucket", StorageKind.S3, "my-bucket", "", "s3://my-bucket/")]
    [InlineData("azblob", "azblob://acct/ckpts/a//b/", StorageKind.AzureBlob, "ckpts", "a/b/", "azblob://acct/ckpts/a/b/")]
    [InlineData("azure https", "https://acct.blob.core.windows.net/ckpts/x", StorageKind.AzureBlob, "ckpts", "x/", "https://acct.blob.core.windows.net/ckpts/x/")]
    [InlineData("azure https with SAS", "https://acct.blob.core.windows.net/ckpts/x?sv=2024&sig=c2VjcmV0", StorageKind.AzureBlob, "ckpts", "x/", "https://acct.blob.core.windows.net/ckpts/x/")]
    [InlineData("file", "file:///var/ckpt", StorageKind.File, "", "", "file:///var/ckpt")]
    public void Parses_supported_forms(string name, string uri, StorageKind kind, string container, string prefix, string display)
    {
        _ = name;
        var parsed = StorageUri.Parse(uri);

        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(container, parsed.Container);
        Assert.Equal(prefix, parsed.Prefix);
        Assert.Equal(display, parsed.Display);
    }

    [Fact]
    public void Sas_token_is_kept_apart_from_the_display_form()
    {
        var parsed = StorageUri.Parse("https://acct.blob.core.windows.net/ckpts/x?sv=2024&sig=c2VjcmV0");

        Assert.Equal("sv=2024&sig=c2VjcmV0", parsed.SasToken);
        Assert.DoesNotContain("c2VjcmV0", parsed.ToString(), StringComparison.Ordinal);
        Assert.Equal("acct", parsed.Account);
    }

    [Theory]
    [InlineData("empty", "", "is empty")]
    [InlineData("no scheme", "bucket/prefix", "has no scheme")]
    [InlineData("unknown scheme", "gs://bucket/x", "scheme 'gs' is not supported")]
    [InlineData("s3 without bucket", "s3:///x", "has no bucket")]
    [InlineData("s3 bad bucket", "s3://My_Bucket/x", "not a valid bucket name")]
    [InlineData("azblob without container", "azblob://acct", "needs an account and a container")]
    [InlineData("azblob with query", "azblob://acct/c0n/x?sig=abc", "must not carry a query")]
    [InlineData("https not azure", "https://example.com/c/x", "is not an Azure Blob endpoint")]
    [InlineData("relative file", "file://relative/path", "must be absolute")]
    [InlineData("dot dot prefix", "s3://bucket/a/../b", "'.' or '..'")]
    public void Rejects_bad_uris_with_a_clear_message(string name, string uri, string message)
    {
        _ = name;
        var error = Assert.Throws<ArgumentException>(() => StorageUri.Parse(uri));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", error.Message, StringComparison.Ordinal);
    }
}
