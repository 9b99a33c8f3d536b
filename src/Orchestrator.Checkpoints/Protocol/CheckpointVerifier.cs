using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Checks a committed checkpoint the way a restore would, without keeping the bytes: every file the
/// manifest lists must exist with its recorded size and SHA-256 (<c>trainctl checkpoints --verify</c>).
/// </summary>
public sealed class CheckpointVerifier(ICheckpointStore store, CheckpointLayout layout)
{
    /// <summary>Null when every file verifies; otherwise what is wrong with the first file that does not.</summary>
    public async Task<string?> VerifyAsync(CheckpointManifest manifest, CancellationToken cancellationToken)
    {
        if (CheckpointRef.TryParse(manifest.Id) is not { } id || id.Step != manifest.Step || id.Attempt != manifest.Attempt)
        {
            return $"the manifest names checkpoint '{manifest.Id}' at step {manifest.Step}, attempt {manifest.Attempt}";
        }

        var missingRanks = Enumerable.Range(0, manifest.WorldSize).Where(r => manifest.Files.All(f => f.Rank != r)).ToList();
        if (missingRanks.Count > 0)
        {
            return $"the manifest lists no files for rank(s) {string.Join(", ", missingRanks)} of {manifest.WorldSize}";
        }

        foreach (var file in manifest.Files)
        {
            if (!file.Path.StartsWith(CheckpointLayout.RankFolder(file.Rank) + "/", StringComparison.Ordinal))
            {
                return $"the manifest lists '{file.Path}' for rank {file.Rank}";
            }

            try
            {
                StoreKeys.Validate(file.Path);
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }

            await using var hashing = new HashingStream(Stream.Null, writing: true);
            try
            {
                await store.GetAsync(layout.CheckpointPrefix(manifest.Id) + file.Path, hashing, cancellationToken);
            }
            catch (CheckpointStorageException e) when (e.NotFound)
            {
                return $"{file.Path} is missing";
            }

            if (hashing.BytesSeen != file.SizeBytes)
            {
                return $"{file.Path} has {hashing.BytesSeen} bytes, the manifest says {file.SizeBytes}";
            }

            if (!string.Equals(hashing.HashHex(), file.Xxh128, StringComparison.OrdinalIgnoreCase))
            {
                return $"{file.Path} does not match its checksum (XXH128) in the manifest";
            }
        }

        return null;
    }
}
