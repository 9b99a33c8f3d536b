using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Uploads checkpoints: each rank's files, then that rank's manifest; then (rank 0 only) the checkpoint
/// manifest, once every rank's manifest exists. Nothing is ever overwritten in place, so the protocol
/// needs no conditional writes: an id is unique per attempt, and a reader trusts only what a manifest
/// lists and what verifies against it.
/// </summary>
public sealed class CheckpointWriter(ICheckpointStore store, CheckpointLayout layout, TimeProvider time, ILogger logger)
{
    /// <summary>How often <see cref="CommitAsync"/> looks for the other ranks' manifests.</summary>
    public TimeSpan RankPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the checkpoint is already committed (a restarted agent finding its own work).</summary>
    public async Task<bool> IsCommittedAsync(string id, CancellationToken cancellationToken) =>
        await store.GetSizeAsync(layout.ManifestKey(id), cancellationToken) is not null;

    /// <summary>Uploads every file under <paramref name="folder"/> as rank <paramref name="rank"/>'s part of the checkpoint, then the rank manifest.</summary>
    public async Task<RankManifest> UploadRankAsync(string folder, CheckpointRef checkpoint, int rank, string? requestId, CancellationToken cancellationToken)
    {
        var id = checkpoint.Id;
        var files = new List<ManifestFile>();
        var rankFolder = CheckpointLayout.RankFolder(rank);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var hashing = new HashingStream(file, writing: false);
            await store.PutAsync(layout.RankPrefix(id, rank) + relative, hashing, cancellationToken);
            files.Add(new ManifestFile(rank, $"{rankFolder}/{relative}", hashing.BytesSeen, hashing.HashHex()));
        }

        var manifest = new RankManifest(id, rank, checkpoint.Step, checkpoint.Attempt, requestId, files);
        await StoreJson.PutAsync(store, layout.RankManifestKey(id, rank), manifest, cancellationToken);
        var bytes = files.Sum(f => f.SizeBytes);
        logger.RankUploaded(rank, id, files.Count, bytes);
        return manifest;
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) for all <paramref name="worldSize"/> rank manifests, then
    /// writes the checkpoint manifest. Throws <see cref="TimeoutException"/> naming the missing ranks, and
    /// <see cref="CheckpointFencedException"/> when a later attempt has begun restoring.
    /// </summary>
    public async Task<CheckpointManifest> CommitAsync(CheckpointRef checkpoint, int worldSize, string? requestId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = checkpoint.Id;
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var ranks = new RankManifest?[worldSize];
        while (true)
        {
            for (var r = 0; r < worldSize; r++)
            {
                ranks[r] ??= await StoreJson.TryGetAsync<RankManifest>(store, layout.RankManifestKey(id, r), cancellationToken);
            }

            if (ranks.All(r => r is not null))
            {
                break;
            }

            if (time.GetTimestamp() >= deadline)
            {
                var missing = string.Join(", ", Enumerable.Range(0, worldSize).Where(r => ranks[r] is null));
                throw new TimeoutException($"checkpoint {id} not committed: no manifest from rank(s) {missing} within {timeout.TotalSeconds:0}s");
            }

            await Task.Delay(RankPollInterval, time, cancellationToken);
        }

        // A later attempt that has begun restoring listed the store without this checkpoint and trains on from an older
        // one: committing now would only add a checkpoint that no restore may take (the restore fences it anyway; this
        // narrows the window and keeps the zombie's retention from running).
        if (AttemptFence.SupersededBy(checkpoint.Attempt, await new RestoreBoard(store, layout).ReadPlansAsync(cancellationToken)) is { } newer)
        {
            var reason = $"attempt {newer} has begun restoring, so attempt {checkpoint.Attempt} was ended";
            logger.CommitFenced(id, reason);
            throw new CheckpointFencedException($"checkpoint {id} not committed: {reason}");
        }

        var files = ranks.SelectMany(r => r!.Files).ToList();
        var manifest = new CheckpointManifest
        {
            Id = id,
            Namespace = layout.Namespace,
            Run = layout.Run,
            Attempt = checkpoint.Attempt,
            Step = checkpoint.Step,
            CreatedAt = time.GetUtcNow(),
            WorldSize = worldSize,
            TotalSizeBytes = files.Sum(f => f.SizeBytes),
            RequestId = requestId,
            Files = files,
        };
        await StoreJson.PutAsync(store, layout.ManifestKey(id), manifest, cancellationToken);
        logger.Committed(id, checkpoint.Step, manifest.TotalSizeBytes, worldSize);
        return manifest;
    }
}
