using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// <c>trainctl agent restore</c>, the init container: with the other ranks of the attempt (<see cref="GangRestore"/>),
/// downloads this rank's part of the newest checkpoint that verifies on every rank into <c>D/step-&lt;n&gt;/</c>, writes
/// <c>D/.orchestrator/restore.json</c> and reports what the gang restored on its pod (<see cref="Annotations.Restored"/>).
/// No checkpoint verifies: no file, exit 0 (the gang starts fresh together). Storage unreachable, another rank silent,
/// or this attempt superseded: exit 1, so the pod fails instead of silently starting from scratch.
/// </summary>
public sealed class RestoreCommand(AgentOptions options, ICheckpointStore store, IPodChannel channel, TimeProvider time, ILogger logger)
{
    /// <summary>The trainers wait for the restore, so the ranks look for each other's verdicts often; it lasts seconds.</summary>
    private static readonly TimeSpan RestorePoll = TimeSpan.FromMilliseconds(50);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var files = new TrainerFiles(options.Dir);
        Directory.CreateDirectory(files.ControlDir);
        File.Delete(files.RestoreInfoPath);
        var layout = new CheckpointLayout(options.Namespace, options.Run);
        var restore = new GangRestore(store, layout, time, logger) { PollInterval = options.PollInterval < RestorePoll ? options.PollInterval : RestorePoll };
        GangRestoreResult result;
        try
        {
            result = await restore.RestoreAsync(options.Attempt, options.Rank, options.WorldSize, options.Dir, options.RestoreTimeout, cancellationToken);
        }
        catch (Exception e) when (e is CheckpointFencedException or TimeoutException or GangRestoreFailedException)
        {
            logger.LogError("restore failed: {Error}", e.Message);
            return 1;
        }

        var report = new RestoreReport { Attempt = options.Attempt, Id = result.Restored?.Id, Step = result.Restored?.Step, Skipped = [.. result.Skipped] };
        if (result.Restored is not { } restored)
        {
            logger.FreshStart(store.Location + layout.Base);
        }
        else
        {
            TrainerFiles.WriteJsonAtomically(files.RestoreInfoPath, new RestoreInfo(restored.Id, restored.Step, restored.Path, result.Skipped));
        }

        try
        {
            await channel.ReportRestoredAsync(report, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The restore itself is done and the trainer may start; the controller then knows only what it expected.
            logger.ReportFailed("the restored checkpoint", e.Message);
        }

        return 0;
    }
}
