using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>
/// One rank of a gang as a pod runs it: <c>trainctl agent sidecar</c> (in-process, with a stand-in pod channel the
/// test plays the controller through) over its own store client, and the sample trainer as a child process, started
/// when the test says. Everything is stopped on Dispose.
/// </summary>
internal sealed class GangRank : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly ICheckpointStore _store;
    private readonly StringWriter _log = new();
    private Task<int>? _sidecar;

    public GangRank(ICheckpointStore store, AgentOptions options)
    {
        _store = store;
        Options = options;
        Directory.CreateDirectory(options.Dir);
        var logger = new TextWriterLogger(TextWriter.Synchronized(_log), new Redactor([]), TimeProvider.System);
        _sidecar = new SidecarCommand(options, store, Channel, TimeProvider.System, logger).RunAsync(_stop.Token, _hardStop.Token);
    }

    public AgentOptions Options { get; }

    public StandInPodChannel Channel { get; } = new();

    public TrainerProcess? Trainer { get; private set; }

    public string Log => _log.ToString();

    public string Dir => Options.Dir;

    /// <summary>The sample trainer with the pod's <c>ORCH_RANK</c>, <c>ORCH_WORLD_SIZE</c> and <c>ORCH_ATTEMPT</c>.</summary>
    public TrainerProcess StartTrainer(string result, params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            [Orchestrator.Api.EnvVars.Rank] = $"{Options.Rank}",
            [Orchestrator.Api.EnvVars.WorldSize] = $"{Options.WorldSize}",
            [Orchestrator.Api.EnvVars.Attempt] = $"{Options.Attempt}",
        };
        Trainer = new TrainerProcess(Options.Dir, result, env, args);
        return Trainer;
    }

    /// <summary>The request id in the local checkpoint folder of <paramref name="step"/>'s marker, or null when it is not finished.</summary>
    public FinishedMarker? Marker(long step) =>
        TrainerFiles.ReadJson<FinishedMarker>(Path.Combine(Options.Dir, Protocol.StepFolders.Name(step), Protocol.StepFolders.FinishedMarker));

    /// <summary>Finished local checkpoints that answered <paramref name="requestId"/>.</summary>
    public IReadOnlyList<long> StepsSavedFor(string requestId) =>
        [.. Directory.EnumerateDirectories(Options.Dir, Protocol.StepFolders.Prefix + "*")
            .Select(f => Protocol.StepFolders.TryParseStep(Path.GetFileName(f)))
            .OfType<long>()
            .Where(s => Marker(s)?.RequestId == requestId)
            .Order()];

    /// <summary>What the pod does on deletion with a native sidecar: the trainer gets SIGTERM, the sidecar drains after it exited.</summary>
    public async Task<int> StopSidecarAsync()
    {
        await _stop.CancelAsync();
        var exit = await _sidecar!;
        _sidecar = null;
        return exit;
    }

    public async ValueTask DisposeAsync()
    {
        Trainer?.Dispose();
        await _stop.CancelAsync();
        await _hardStop.CancelAsync();
        if (_sidecar is not null)
        {
            await _sidecar;
        }

        _store.Dispose();
        _stop.Dispose();
        _hardStop.Dispose();
    }
}
