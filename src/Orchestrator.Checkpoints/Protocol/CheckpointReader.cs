using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Lists committed checkpoints (those with a manifest) and restores the newest one whose files verify,
/// falling back to older ones.
/// </summary>
public sealed class CheckpointReader(ICheckpointStore store, CheckpointLayout layout, ILogger logger)
{
    /// <summary>Committed checkpoints, newest first.</summary>
    public async Task<IReadOnlyList<CheckpointRef>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<CheckpointRef>();
        await foreach (var item in store.ListAsync(layout.ManifestsPrefix, cancellationToken))
        {
            var name = item.Key[layout.ManifestsPrefix.Length..];
            if (name.EndsWith(".json", StringComparison.Ordinal) && CheckpointRef.TryParse(name[..^5]) is { } parsed)
            {
                found.Add(parsed);
            }
        }

        found.Sort((a, b) => b.CompareTo(a));
        return found;
    }

    /// <summary>The manifest, or null when the checkpoint is not (or no longer) committed.</summary>
    public Task<CheckpointManifest?> ReadManifestAsync(string id, CancellationToken cancellationToken) =>
        StoreJson.TryGetAsync<CheckpointManifest>(store, layout.ManifestKey(id), cancellationToken);

    /// <summary>
    /// Downloads rank <paramref name="rank"/>'s files of the newest checkpoint that verifies into
    /// <c>&lt;localDir&gt;/step-&lt;step&gt;/</c>. Null when no committed checkpoint verifies. Storage that
    /// cannot be reached is an error, not an empty result: starting fresh would throw work away.
    /// </summary>
    public async Task<RestoredCheckpoint?> RestoreAsync(int rank, string localDir, CancellationToken cancellationToken)
    {
        foreach (var candidate in await ListAsync(cancellationToken))
        {
            var manifest = await ReadManifestAsync(candidate.Id, cancellationToken);
            if (manifest is null)
            {
                logger.DeletedWhileListing(candidate.Id);
                continue;
            }

            if (rank >= manifest.WorldSize)
            {
                logger.NoFilesForRank(candidate.Id, manifest.WorldSize, rank);
                continue;
            }

            var target = Path.Combine(localDir, StepFolders.Name(manifest.Step));
            var staging = Path.Combine(localDir, ".orchestrator", "restoring-" + manifest.Id);
            try
            {
                var size = await DownloadVerifiedAsync(manifest, rank, staging, cancellationToken);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }

                Directory.Move(staging, target);
                logger.Restored(manifest.Id, manifest.Step, rank, target);
                return new RestoredCheckpoint(manifest.Id, manifest.Step, manifest.Attempt, target, size);
            }
            catch (Exception e) when (e is CheckpointVerificationException or CheckpointStorageException { StatusCode: 404 or 412 })
            {
                logger.NotUsable(manifest.Id, e.Message);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        return null;
    }

    private async Task<long> DownloadVerifiedAsync(CheckpointManifest manifest, int rank, string staging, CancellationToken cancellationToken)
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var prefix = CheckpointLayout.RankFolder(rank) + "/";
        long total = 0;
        foreach (var file in manifest.Files.Where(f => f.Rank == rank))
        {
            if (!file.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new CheckpointVerificationException($"manifest of {manifest.Id} lists '{file.Path}' for rank {rank}");
            }

            var relative = file.Path[prefix.Length..];
            StoreKeys.Validate(relative);
            var localPath = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
            await using (var output = new FileStream(localPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            await using (var hashing = new HashingStream(output, writing: true))
            {
                try
                {
                    await store.GetAsync(layout.Base + manifest.Id + "/" + file.Path, hashing, cancellationToken);
                }
                catch (CheckpointStorageException e) when (e.NotFound)
                {
                    throw new CheckpointVerificationException($"{file.Path} of {manifest.Id} is missing");
                }

                if (hashing.BytesSeen != file.SizeBytes)
                {
                    throw new CheckpointVerificationException($"{file.Path} of {manifest.Id} has {hashing.BytesSeen} bytes, the manifest says {file.SizeBytes}");
                }

                if (!string.Equals(hashing.HashHex(), file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CheckpointVerificationException($"{file.Path} of {manifest.Id} does not match its SHA-256 in the manifest");
                }

                await output.FlushAsync(cancellationToken);
            }

            total += file.SizeBytes;
        }

        return total;
    }
}
