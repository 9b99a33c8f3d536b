using System.Collections;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>Entry point of <c>trainctl agent restore|sidecar</c>. Exit codes: 0 done, 1 failed, 2 bad usage or configuration.</summary>
public static class AgentProgram
{
    public const string Usage = """
        usage: trainctl agent restore|sidecar [options]
          --dir D            local checkpoint folder            (ORCH_CHECKPOINT_DIR)
          --uri U            s3://, azblob://, https:// or file:// (ORCH_CHECKPOINT_URI)
          --namespace N      (ORCH_NAMESPACE, default "default")
          --run R            (ORCH_RUN)
          --attempt A        (ORCH_ATTEMPT, default 1)
          --rank R           (ORCH_RANK, default 0)
          --world-size W     (ORCH_WORLD_SIZE, default 1)
          --pod P            this pod's name (ORCH_POD_NAME)
          --keep K           committed checkpoints kept (ORCH_CHECKPOINT_KEEP, default 3)
          --no-kube          no Kubernetes API: status files under D/.orchestrator (ORCH_NO_KUBE=true)
          --grace-seconds S  upload time left after SIGTERM (default 110)
          --poll-ms M        how often the sidecar looks for finished checkpoints (default 1000)
          --save-quiet-ms M  after SIGTERM, wait for an unfinished save only while it changes (default 5000)
          --agree-timeout-seconds S  world size > 1: how long the ranks may take to agree on a save step (default 30)
          --restore-timeout-seconds S  how long a restore waits for the other ranks of the gang (default 600)
          --termination-message-path F  restore: where the permission check's answer goes (ORCH_TERMINATION_MESSAGE_PATH, default /dev/termination-log)
        Sandbox only: ORCH_CLOCK_START and ORCH_CLOCK_SCALE make reported times follow its scaled clock.
        See docs/checkpointing.md.
        """;

    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        log ??= Console.Error;
        var env = environment ?? ReadEnvironment();
        if (args.Length == 0 || args[0] is not ("restore" or "sidecar"))
        {
            await log.WriteLineAsync(Usage);
            return args.Length > 0 && args[0] is "-h" or "--help" ? 0 : 2;
        }

        AgentOptions options;
        StoreSettings settings;
        StorageUri uri;
        TimeProvider time;
        try
        {
            time = AgentClock.FromEnvironment(env);
            options = AgentOptions.Parse(args[1..], env);
            settings = StoreSettings.FromEnvironment(env);
            uri = StorageUri.Parse(options.Uri);
        }
        catch (ArgumentException e)
        {
            var redactor = new Redactor([]);
            await log.WriteLineAsync($"trainctl agent {args[0]}: {redactor.Redact(e.Message)}");
            return 2;
        }

        var logger = new TextWriterLogger(log, new Redactor(settings.Secrets), time);
        using var store = CheckpointStores.Open(uri, settings, logger);
        try
        {
            return args[0] == "restore"
                ? await RunRestoreAsync(options, store, time, logger, cancellationToken)
                : await RunSidecarAsync(options, store, time, logger, cancellationToken);
        }
        catch (Exception e) when (e is CheckpointStorageException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            logger.LogError("{Command} failed: {Error}", args[0], e.Message);
            return 1;
        }
    }

    private static async Task<int> RunRestoreAsync(AgentOptions options, ICheckpointStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var kube = options.NoKube ? null : KubernetesClientFactory.Create();
        if (kube is not null)
        {
            // Before the restore, so a missing permission is reported even when the restore then fails.
            await new AgentAccessCheck(kube, options, logger).RunAsync(cancellationToken);
        }

        return await new RestoreCommand(options, store, Channel(options, kube, time, logger), time, logger).RunAsync(cancellationToken);
    }

    private static IPodChannel Channel(AgentOptions options, k8s.IKubernetes? kube, TimeProvider time, ILogger logger) =>
        kube is null
            ? new LocalPodChannel(new TrainerFiles(options.Dir))
            : new KubernetesPodChannel(kube, options.Namespace, options.PodName!, time, logger);

    private static async Task<int> RunSidecarAsync(AgentOptions options, ICheckpointStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var stopping = new CancellationTokenSource();
        using var hardStop = new CancellationTokenSource();
        void Stop()
        {
            stopping.Cancel();
            hardStop.CancelAfter(options.Grace);
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Stop();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx =>
        {
            ctx.Cancel = true;
            Stop();
        });
        await using var callerStop = cancellationToken.Register(Stop);

        using var kube = options.NoKube ? null : KubernetesClientFactory.Create();
        IPodChannel channel = kube is null
            ? new LocalPodChannel(new TrainerFiles(options.Dir))
            : new KubernetesPodChannel(kube, options.Namespace, options.PodName!, time, logger, ct => new AgentAccessCheck(kube, options, logger).RunAsync(ct));
        return await new SidecarCommand(options, store, channel, time, logger).RunAsync(stopping.Token, hardStop.Token);
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = entry.Value as string;
        }

        return env;
    }
}
