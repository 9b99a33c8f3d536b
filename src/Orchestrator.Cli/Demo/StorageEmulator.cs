using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Sandbox;

namespace Orchestrator.Cli.Demo;

/// <summary>
/// Azurite or s3rver started from tests/storage-servers on a free loopback port, with the checkpoint URI and the
/// environment the in-pod agent needs to reach it (the same variables a real deployment sets; docs/configuration.md).
/// </summary>
internal sealed class StorageEmulator : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, in Microsoft's docs).</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string S3rverKey = "S3RVER";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private StorageEmulator(Process process, string uri, string endpoint, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        Endpoint = endpoint;
        Uri = uri;
        Environment = environment;
    }

    public string Uri { get; }

    /// <summary>What serves <see cref="Uri"/>, for the demo's header.</summary>
    public string Endpoint { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<StorageEmulator> StartAsync(DemoStorage kind, string repoRoot, string dataDir, CancellationToken ct)
    {
        var tool = kind == DemoStorage.Azurite ? "azurite-blob" : "s3rver";
        var path = Path.Combine(repoRoot, "tests", "storage-servers", "node_modules", ".bin", tool);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"demo: --storage {kind.ToString().ToLowerInvariant()} needs {path}; install it with: npm ci --prefix tests/storage-servers");
        }

        Directory.CreateDirectory(dataDir);
        var port = LoopbackPort.Free();
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = kind == DemoStorage.Azurite
            ? ["--blobHost", "127.0.0.1", "--blobPort", portText, "--location", dataDir, "--skipApiVersionCheck", "--disableTelemetry", "--silent"]
            : ["-d", dataDir, "-a", "127.0.0.1", "-p", portText, "--silent"];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (kind == DemoStorage.S3rver)
        {
            // s3rver 3.7 on Node 20 needs the legacy OpenSSL provider (docs in shared environment notes).
            start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        }

        var process = Process.Start(start) ?? throw new CliException(ExitCodes.Failure, $"demo: could not start {path}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var emulator = kind == DemoStorage.Azurite
            ? new StorageEmulator(process, "azblob://devstoreaccount1/checkpoints/demo", $"Azurite at http://127.0.0.1:{portText}", new Dictionary<string, string>
            {
                ["AZURE_STORAGE_CONNECTION_STRING"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint=http://127.0.0.1:{portText}/devstoreaccount1;",
            })
            : new StorageEmulator(process, "s3://checkpoints/demo", $"s3rver at http://127.0.0.1:{portText}", new Dictionary<string, string>
            {
                // s3rver cannot decode aws-chunked uploads and checks signatures in us-east-1.
                [EnvVars.S3Endpoint] = $"http://127.0.0.1:{portText}",
                [EnvVars.S3ForcePathStyle] = "true",
                [EnvVars.S3ChunkEncoding] = "false",
                [EnvVars.S3ChecksumMode] = "WhenRequired",
                [EnvVars.S3Region] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = S3rverKey,
                ["AWS_SECRET_ACCESS_KEY"] = S3rverKey,
            });
        try
        {
            await emulator.WaitListeningAsync(path, port, ct);
            await emulator.CreateContainerAsync(ct);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (TimeoutException)
        {
            // Killed; the OS reaps it.
        }

        _process.Dispose();
    }

    private async Task WaitListeningAsync(string path, int port, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new CliException(ExitCodes.Failure, $"demo: {path} exited with {_process.ExitCode} before listening");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }

        throw new CliException(ExitCodes.Unreachable, $"demo: {path} did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s");
    }

    private async Task CreateContainerAsync(CancellationToken ct)
    {
        var settings = StoreSettings.FromEnvironment(Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        using var store = CheckpointStores.Open(Uri, settings, NullLogger.Instance);
        await CheckpointStores.EnsureExistsAsync(store, ct);
    }
}
