using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Lists committed checkpoints (those with a manifest) and restores the newest one whose files verify,
/// falling back to older ones.
/// </summary>
public sealed class CheckpointReader(ICheckpointStore store, CheckpointLayout layout, ILogger logger)
{
    private const int MaxPasses = 5;

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
    /// This rank alone (no gang agreement, no fence; the agent uses <see cref="GangRestore"/>): downloads rank
    /// <paramref name="rank"/>'s files of the newest checkpoint that verifies into
    /// <c>&lt;localDir&gt;/step-&lt;step&gt;/</c>. Null when no committed checkpoint verifies. Storage that
    /// cannot be reached is an error, not an empty result: starting fresh would throw work away.
    /// </summary>
    public async Task<RestoredCheckpoint?> RestoreAsync(int rank, string localDir, CancellationToken cancellationToken)
    {
        // A checkpoint pruned while we list or download is not a bad checkpoint: list again, since a
        // newer one was committed before it was pruned. A checkpoint that fails verification is skipped for good.
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var raced = false;
            foreach (var candidate in await ListAsync(cancellationToken))
            {
                if (rejected.Contains(candidate.Id))
                {
                    continue;
                }

                var (restored, outcome) = await TryRestoreAsync(candidate, rank, localDir, cancellationToken);
                if (restored is not null)
                {
                    return restored;
                }

                if (outcome == Outcome.Pruned)
                {
                    raced = true;
                }
                else
                {
                    rejected.Add(candidate.Id);
                }
            }

            if (!raced)
            {
                break;
            }
        }

        return null;
    }

    internal enum Outcome
    {
        Restored,
        Pruned,
        Unusable,
    }

    private async Task<(RestoredCheckpoint? Restored, Outcome Outcome)> TryRestoreAsync(CheckpointRef candidate, int rank, string localDir, CancellationToken cancellationToken)
    {
        var staged = await StageAsync(candidate, rank, localDir, cancellationToken);
        return staged.Outcome == Outcome.Restored ? (Promote(staged, rank, localDir), Outcome.Restored) : (null, staged.Outcome);
    }

    /// <summary>A candidate's part for one rank, downloaded and verified into a staging folder (or why it could not be).</summary>
    internal sealed record Staged(CheckpointManifest? Manifest, string? StagingPath, long SizeBytes, Outcome Outcome, string? Reason);

    /// <summary>
    /// Downloads this rank's files of <paramref name="candidate"/> into <c>D/.orchestrator/restoring-&lt;id&gt;/</c>, checking
    /// each against the manifest. Nothing is left behind unless every file verified; then <see cref="Promote"/> or
    /// <see cref="Discard"/> it. Storage that cannot be reached throws.
    /// </summary>
    internal async Task<Staged> StageAsync(CheckpointRef candidate, int rank, string localDir, CancellationToken cancellationToken)
    {
        CheckpointManifest? manifest;
        try
        {
            manifest = await ReadManifestAsync(candidate.Id, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            logger.NotUsable(candidate.Id, e.Message);
            return new Staged(null, null, 0, Outcome.Unusable, e.Message);
        }

        if (manifest is null)
        {
            logger.DeletedWhileListing(candidate.Id);
            return new Staged(null, null, 0, Outcome.Pruned, "its manifest was deleted (pruned) while restoring");
        }

        if (manifest.Id != candidate.Id || manifest.Files.Any(f => f.SizeBytes < 0))
        {
            logger.NotUsable(candidate.Id, "the manifest does not describe this checkpoint");
            return new Staged(manifest, null, 0, Outcome.Unusable, "the manifest does not describe this checkpoint");
        }

        if (rank >= manifest.WorldSize)
        {
            logger.NoFilesForRank(candidate.Id, manifest.WorldSize, rank);
            return new Staged(manifest, null, 0, Outcome.Unusable, $"it has {manifest.WorldSize} ranks, none for rank {rank}");
        }

        var staging = StagingFolder(localDir, manifest.Id);
        try
        {
            var size = await DownloadVerifiedAsync(manifest, rank, staging, cancellationToken);
            return new Staged(manifest, staging, size, Outcome.Restored, null);
        }
        catch (Exception e) when (e is CheckpointVerificationException or CheckpointStorageException { StatusCode: 404 or 412 })
        {
            Discard(localDir, manifest.Id);
            if (await ReadManifestAsync(candidate.Id, cancellationToken) is null)
            {
                logger.DeletedWhileListing(candidate.Id);
                return new Staged(manifest, null, 0, Outcome.Pruned, "its manifest was deleted (pruned) while restoring");
            }

            logger.NotUsable(manifest.Id, e.Message);
            return new Staged(manifest, null, 0, Outcome.Unusable, e.Message);
        }
        catch
        {
            Discard(localDir, manifest.Id);
            throw;
        }
    }

    /// <summary>Moves a verified staging folder to <c>D/step-&lt;step&gt;/</c>, where the trainer looks.</summary>
    internal RestoredCheckpoint Promote(Staged staged, int rank, string localDir)
    {
        var manifest = staged.Manifest!;
        var target = Path.Combine(localDir, StepFolders.Name(manifest.Step));
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Move(staged.StagingPath!, target);
        logger.Restored(manifest.Id, manifest.Step, rank, target);
        return new RestoredCheckpoint(manifest.Id, manifest.Step, manifest.Attempt, target, staged.SizeBytes);
    }

    internal static void Discard(string localDir, string id)
    {
        var staging = StagingFolder(localDir, id);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static string StagingFolder(string localDir, string id) => Path.Combine(localDir, ".orchestrator", "restoring-" + id);

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

                if (!string.Equals(hashing.HashHex(), file.Xxh128, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CheckpointVerificationException($"{file.Path} of {manifest.Id} does not match its XXH128 checksum in the manifest");
                }

                await output.FlushAsync(cancellationToken);
            }

            total += file.SizeBytes;
        }

        return total;
    }
}
