using System.Diagnostics;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>
/// A real emulator process (Azurite or s3rver) from tests/storage-servers/node_modules on a free
/// loopback port with its own data folder. Kill and Restart simulate a server crash; the data folder
/// survives a restart. The process is killed on Dispose, whatever happened.
/// </summary>
public abstract class StorageServer : IDisposable
{
    private readonly TempDir _data;
    private Process? _process;

    protected StorageServer(string name)
    {
        Name = name;
        _data = new TempDir(name);
    }

    public string Name { get; }

    public string DataDir => _data.Path;

    public int Port { get; private set; }

    /// <summary>A storage URI for a fresh prefix (so tests sharing a server never see each other).</summary>
    public abstract string UriFor(string prefix);

    public abstract StoreSettings Settings { get; }

    public static StorageServer Create(string name) => name switch
    {
        "azurite" => new AzuriteServer(),
        "s3rver" => new S3rverServer(),
        _ => throw new ArgumentException($"no server {name}"),
    };

    public void Start()
    {
        Port = FreePort.Next();
        var start = new ProcessStartInfo(RepoRoot.NodeBin(Tool))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in Arguments(Port, DataDir))
        {
            start.ArgumentList.Add(arg);
        }

        Configure(start);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Tool}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        var listening = SpinWait.SpinUntil(() => process.HasExited || FreePort.Accepts(Port), TimeSpan.FromSeconds(60));
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{Tool} exited with {process.ExitCode} before listening (did `npm ci --prefix tests/storage-servers` run?)");
        }

        if (!listening)
        {
            throw new TimeoutException($"{Tool} did not listen on {Port} within 60s");
        }
    }

    public void Kill()
    {
        if (_process is { } p)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(30_000);
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
            _process = null;
        }
    }

    /// <summary>A new process on the same data folder (and a new port).</summary>
    public void Restart()
    {
        Kill();
        Start();
    }

    public async Task<ICheckpointStore> OpenAsync(string prefix, Func<StoreSettings, StoreSettings>? tweak = null)
    {
        var settings = tweak is null ? Settings : tweak(Settings);
        var store = CheckpointStores.Open(UriFor(prefix), settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await CheckpointStores.EnsureExistsAsync(store, CancellationToken.None);
        return store;
    }

    public void Dispose()
    {
        Kill();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract string Tool { get; }

    protected abstract IEnumerable<string> Arguments(int port, string dataDir);

    protected virtual void Configure(ProcessStartInfo start)
    {
    }
}
