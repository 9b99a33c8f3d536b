using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

public sealed class AzuriteServer : StorageServer
{
    /// <summary>Azurite's well-known development key (public, in Microsoft's docs).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public AzuriteServer()
        : base("azurite")
    {
        Start();
    }

    public string ConnectionString(string key = AccountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public override StoreSettings Settings => new() { Azure = new AzureSettings { ConnectionString = ConnectionString() } };

    public override string UriFor(string prefix) => $"azblob://devstoreaccount1/checkpoints/{prefix}";

    protected override string Tool => "azurite-blob";

    protected override IEnumerable<string> Arguments(int port, string dataDir) =>
        ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", dataDir, "--skipApiVersionCheck", "--disableTelemetry", "--silent"];
}
