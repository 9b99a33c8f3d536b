using System.Diagnostics;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

public sealed class S3rverServer : StorageServer
{
    public const string Key = "S3RVER";

    public S3rverServer()
        : base("s3rver")
    {
        Start();
    }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The S3-compatible settings s3rver needs (environment.md): everything else corrupts data.</summary>
    public override StoreSettings Settings => new()
    {
        S3 = new S3Settings
        {
            Endpoint = Endpoint,
            ForcePathStyle = true,
            ChecksumMode = S3ChecksumMode.WhenRequired,
            ChunkEncoding = false,
            AccessKeyId = Key,
            SecretAccessKey = Key,
        },
    };

    public override string UriFor(string prefix) => $"s3://checkpoints/{prefix}";

    protected override string Tool => "s3rver";

    protected override IEnumerable<string> Arguments(int port, string dataDir) =>
        ["-d", dataDir, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"];

    protected override void Configure(ProcessStartInfo start) => start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
}
