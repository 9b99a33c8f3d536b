using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;
using Orchestrator.Controller.Metrics;
using Orchestrator.Controller.Retention;

namespace Orchestrator.Controller.Tests.Retention;

/// <summary>The retention sweep against a real Azurite process, with the controller's storage access from its settings.</summary>
public sealed class BlobRetentionTests : IDisposable
{
    private readonly AzuriteServer _azurite = new();

    [Fact]
    public async Task A_finished_runs_old_blob_checkpoints_are_pruned_and_the_newest_kept()
    {
        var uri = _azurite.UriFor("sweep");
        using (var store = CheckpointStores.Open(uri, _azurite.Settings, NullLogger.Instance))
        {
            await CheckpointStores.EnsureExistsAsync(store, CancellationToken.None);
            var writer = new CheckpointWriter(store, new CheckpointLayout("team-a", "done"), TimeProvider.System, NullLogger.Instance);
            foreach (var step in new long[] { 100, 200, 300, 400 })
            {
                using var local = new TempDir("rank");
                await File.WriteAllTextAsync(System.IO.Path.Combine(local.Path, "model.bin"), $"weights at step {step}");
                await writer.UploadRankAsync(local.Path, new CheckpointRef(step, 1), 0, null, CancellationToken.None);
                await writer.CommitAsync(new CheckpointRef(step, 1), 1, null, TimeSpan.FromSeconds(30), CancellationToken.None);
            }
        }

        var run = new TrainingRun
        {
            Metadata = new V1ObjectMeta { Name = "done", NamespaceProperty = "team-a", Uid = "uid-done" },
            Spec = new TrainingRunSpec { Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = uri }, Keep = 1 } },
            Status = new TrainingRunStatus { Phase = RunPhase.Succeeded },
        };
        var metrics = new ControllerMetrics();

        await new RetentionSweeper(_azurite.Settings, metrics, NullLogger.Instance).SweepAsync([run], CancellationToken.None);

        using var check = CheckpointStores.Open(uri, _azurite.Settings, NullLogger.Instance);
        var left = await new CheckpointReader(check, new CheckpointLayout("team-a", "done"), NullLogger.Instance).ListAsync(CancellationToken.None);
        Assert.Equal([400L], left.Select(c => c.Step));
        var keys = new List<string>();
        await foreach (var item in check.ListAsync("team-a/done/", CancellationToken.None))
        {
            keys.Add(item.Key);
        }

        Assert.All(keys, k => Assert.Contains(new CheckpointRef(400, 1).Id, k, StringComparison.Ordinal));
        Assert.Equal(3, metrics.RetentionDeleted.Value);
    }

    public void Dispose() => _azurite.Dispose();
}
