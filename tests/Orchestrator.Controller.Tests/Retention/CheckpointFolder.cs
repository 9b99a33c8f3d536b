using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Controller.Tests.Retention;

/// <summary>A real file checkpoint store in a temp folder, with checkpoints committed through the agent's own protocol.</summary>
internal sealed class CheckpointFolder : IDisposable
{
    public CheckpointFolder()
    {
        Root = Directory.CreateTempSubdirectory("orchestrator-retention-").FullName;
        Uri = new Uri(Root).AbsoluteUri;
    }

    public string Root { get; }

    public string Uri { get; }

    /// <summary>Commits one single-rank checkpoint per step (attempt 1) for the run, oldest first.</summary>
    public async Task CommitAsync(string ns, string run, params long[] steps)
    {
        using var store = CheckpointStores.Open(Uri, new StoreSettings(), NullLogger.Instance);
        var layout = new CheckpointLayout(ns, run);
        var writer = new CheckpointWriter(store, layout, TimeProvider.System, NullLogger.Instance);
        foreach (var step in steps)
        {
            var local = Directory.CreateTempSubdirectory("orchestrator-rank-").FullName;
            try
            {
                await File.WriteAllTextAsync(Path.Combine(local, "model.bin"), $"weights at step {step}");
                var checkpoint = new CheckpointRef(step, 1);
                await writer.UploadRankAsync(local, checkpoint, 0, null, CancellationToken.None);
                await writer.CommitAsync(checkpoint, 1, null, TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            finally
            {
                Directory.Delete(local, recursive: true);
            }
        }
    }

    /// <summary>The steps of the run's committed checkpoints, newest first, as a restore would see them.</summary>
    public async Task<IReadOnlyList<long>> CommittedStepsAsync(string ns, string run)
    {
        using var store = CheckpointStores.Open(Uri, new StoreSettings(), NullLogger.Instance);
        var committed = await new CheckpointReader(store, new CheckpointLayout(ns, run), NullLogger.Instance).ListAsync(CancellationToken.None);
        return [.. committed.Select(c => c.Step)];
    }

    /// <summary>Whether any file of the checkpoint at <paramref name="step"/> is left in the folder.</summary>
    public bool HasFilesOf(string ns, string run, long step) =>
        Directory.Exists(Path.Combine(Root, ns, run, new CheckpointRef(step, 1).Id));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS cleans temp folders.
        }
    }
}
