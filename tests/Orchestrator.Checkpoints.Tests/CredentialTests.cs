using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

[Collection(StorageGroup.Name)]
public sealed class CredentialTests(SharedServers servers)
{
    // Well-formed, but not the key the emulators know.
    private const string WrongAzureKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3Jvbmc9PT0=";
    private const string WrongS3Secret = "wrongSecretValue/1234567890abcdef";

    [Theory]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Rejected_credentials_fail_at_once_and_appear_in_no_message(string backend)
    {
        var server = backend == "azurite" ? (StorageServer)servers.Azurite : servers.S3rver;
        var secret = backend == "azurite" ? WrongAzureKey : WrongS3Secret;
        using var good = await server.OpenAsync("creds");
        var retries = 0;
        var settings = WithSecret(server, secret) with
        {
            Retry = new RetrySettings { BaseDelay = TimeSpan.FromMilliseconds(1), OnRetry = (_, _) => retries++ },
        };
        using var store = CheckpointStores.Open(server.UriFor("creds"), settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var error = await Assert.ThrowsAsync<CheckpointStorageException>(() => store.PutAsync("x.bin", new MemoryStream([1, 2, 3]), CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.False(error.Transient);
        Assert.Equal(0, retries);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azurite")]
    [InlineData("s3rver")]
    public async Task Agent_with_rejected_credentials_exits_1_and_logs_no_secret(string backend)
    {
        var server = backend == "azurite" ? (StorageServer)servers.Azurite : servers.S3rver;
        using var ensure = await server.OpenAsync("agent-creds");
        using var dir = new TempDir();
        var env = AgentEnv(server, backend == "azurite" ? WrongAzureKey : WrongS3Secret);
        var log = new StringWriter();

        var exit = await AgentProgram.RunAsync(["restore", "--dir", dir.Path, "--uri", server.UriFor("agent-creds"), "--run", "r1", "--no-kube"], env, log);

        Assert.Equal(1, exit);
        Assert.Contains("403", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(backend == "azurite" ? WrongAzureKey : WrongS3Secret, log.ToString(), StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> AgentEnv(StorageServer server, string? secret = null)
    {
        if (server is AzuriteServer azurite)
        {
            return new() { ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString(secret ?? AzuriteServer.AccountKey) };
        }

        var s3 = (S3rverServer)server;
        return new()
        {
            ["AWS_ACCESS_KEY_ID"] = secret is null ? S3rverServer.Key : "NOTAKNOWNKEY",
            ["AWS_SECRET_ACCESS_KEY"] = secret ?? S3rverServer.Key,
            ["ORCH_S3_ENDPOINT"] = s3.Endpoint,
            ["ORCH_S3_FORCE_PATH_STYLE"] = "true",
            ["ORCH_S3_CHECKSUM_MODE"] = "WHEN_REQUIRED",
            ["ORCH_S3_CHUNK_ENCODING"] = "false",
        };
    }

    private static StoreSettings WithSecret(StorageServer server, string secret) => server switch
    {
        AzuriteServer a => a.Settings with { Azure = new AzureSettings { ConnectionString = a.ConnectionString(secret) } },
        // s3rver checks the key id, not the signature: a wrong pair is what it can reject.
        _ => server.Settings with { S3 = server.Settings.S3 with { AccessKeyId = "NOTAKNOWNKEY", SecretAccessKey = secret } },
    };
}
