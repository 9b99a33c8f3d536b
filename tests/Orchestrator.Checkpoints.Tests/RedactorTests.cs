using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("connection string key", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5PT0=;EndpointSuffix=core.windows.net", "c2VjcmV0a2V5PT0=")]
    [InlineData("connection string SAS", "BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=2024&sig=abcDEF123%3D", "abcDEF123")]
    [InlineData("SAS url", "GET https://a.blob.core.windows.net/c/b?sv=2024&se=2030&sig=Zm9vYmFy%2B failed", "Zm9vYmFy")]
    [InlineData("presigned S3 url", "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAEXAMPLE%2F2024&X-Amz-Signature=deadbeef01", "deadbeef01")]
    [InlineData("known secret anywhere", "the secret is wJalrXUtnFEMI/K7MDENG in plain text", "wJalrXUtnFEMI/K7MDENG")]
    public void Removes_credentials(string name, string text, string secret)
    {
        _ = name;
        var redactor = new Redactor(["wJalrXUtnFEMI/K7MDENG"]);

        var redacted = redactor.Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_ordinary_text_alone()
    {
        const string text = "upload s3://bucket/ns/run/000000000010-a1/rank-0/w.bin failed (HTTP 503)";

        Assert.Equal(text, new Redactor(["not-in-text"]).Redact(text));
    }
}
