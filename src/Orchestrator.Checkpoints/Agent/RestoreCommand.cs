using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// <c>trainctl agent restore</c>, the init container: downloads this rank's part of the newest
/// checkpoint that verifies into <c>D/step-&lt;n&gt;/</c> and writes <c>D/.orchestrator/restore.json</c>.
/// No committed checkpoint: no file, exit 0 (fresh start). Storage unreachable: exit 1, so the pod
/// retries instead of silently starting from scratch.
/// </summary>
public sealed class RestoreCommand(AgentOptions options, ICheckpointStore store, ILogger logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var files = new TrainerFiles(options.Dir);
        Directory.CreateDirectory(files.ControlDir);
        File.Delete(files.RestoreInfoPath);
        var layout = new CheckpointLayout(options.Namespace, options.Run);
        var reader = new CheckpointReader(store, layout, logger);
        var restored = await reader.RestoreAsync(options.Rank, options.Dir, cancellationToken);
        if (restored is null)
        {
            logger.FreshStart(store.Location + layout.Base);
            return 0;
        }

        TrainerFiles.WriteJsonAtomically(files.RestoreInfoPath, new RestoreInfo(restored.Id, restored.Step, restored.Path));
        return 0;
    }
}
