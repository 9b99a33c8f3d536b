using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Keeps the newest N committed checkpoints. The manifest goes first, so a checkpoint being deleted
/// stops being listed before any of its files disappear; a reader that already holds its manifest
/// finds a file missing and falls back. Leftovers of uploads that never committed are removed too
/// once they are older than the oldest checkpoint kept.
/// </summary>
public sealed class CheckpointRetention(ICheckpointStore store, CheckpointLayout layout, ILogger logger)
{
    /// <summary>
    /// Returns the ids of the checkpoints it deleted. Fenced checkpoints (<see cref="AttemptFence"/>: committed by an
    /// ended attempt after a later one began restoring) are never restored, so they go first and do not count towards
    /// <paramref name="keep"/>. An agent of <paramref name="attempt"/> that a later attempt superseded prunes nothing.
    /// </summary>
    public async Task<IReadOnlyList<string>> PruneAsync(int keep, CancellationToken cancellationToken, int? attempt = null)
    {
        if (keep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "keep must be at least 1");
        }

        var plans = await new RestoreBoard(store, layout).ReadPlansAsync(cancellationToken);
        if (attempt is { } own && AttemptFence.SupersededBy(own, plans) is not null)
        {
            return [];
        }

        var listed = await new CheckpointReader(store, layout, logger).ListAsync(cancellationToken);
        var fenced = listed.Where(c => !AttemptFence.Usable(c, plans)).ToList();
        var committed = listed.Except(fenced).ToList();
        var deleted = new List<string>();
        foreach (var old in fenced.Concat(committed.Skip(keep)))
        {
            await store.DeleteAsync(layout.ManifestKey(old.Id), cancellationToken);
            await DeletePrefixAsync(layout.CheckpointPrefix(old.Id), cancellationToken);
            deleted.Add(old.Id);
            logger.Pruned(old.Id);
        }

        if (committed.Count >= keep)
        {
            await DeleteOrphansOlderThanAsync(committed[keep - 1], committed, cancellationToken);
        }

        return deleted;
    }

    private async Task DeleteOrphansOlderThanAsync(CheckpointRef oldestKept, IReadOnlyList<CheckpointRef> committed, CancellationToken cancellationToken)
    {
        var known = committed.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(layout.Base, cancellationToken))
        {
            var rest = item.Key[layout.Base.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                continue;
            }

            var id = rest[..slash];
            if (!known.Contains(id) && CheckpointRef.TryParse(id) is { } parsed && parsed.CompareTo(oldestKept) < 0)
            {
                orphans.Add(id);
            }
        }

        foreach (var id in orphans)
        {
            await DeletePrefixAsync(layout.CheckpointPrefix(id), cancellationToken);
            logger.OrphansRemoved(id);
        }
    }

    private async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            keys.Add(item.Key);
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
    }
}
