using Microsoft.Extensions.Logging;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Where the ranks of a gang agree on the step to save for a request: each rank's agent publishes the step its
/// trainer is paused at under <c>requests/&lt;request&gt;/rank-&lt;r&gt;.json</c> and reads the others'. One writer per
/// key and plain puts and gets, so it works on every store without conditional writes. The folder is not a
/// checkpoint: listing reads only <c>manifests/</c>, and retention's orphan sweep skips names that are not ids.
/// </summary>
public sealed class SaveRequestBoard(ICheckpointStore store, CheckpointLayout layout, ILogger logger)
{
    /// <summary>
    /// The request id a gang agrees under after a bare SIGTERM (no save request came first): one per attempt, so every
    /// rank that gets SIGTERM, and every rank that hears of it, joins the same agreement.
    /// </summary>
    public static string TerminationRequestId(int attempt) => $"a{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}-sigterm";

    /// <summary>
    /// A rank whose trainer got SIGTERM says so where every agent of the gang looks each poll (one small GET):
    /// <c>requests/&lt;termination id&gt;/start.json</c>. Several ranks may write it; the content is the same.
    /// </summary>
    public Task AnnounceTerminationAsync(int attempt, CancellationToken cancellationToken) =>
        StoreJson.PutAsync(store, TerminationKey(attempt), new { requestId = TerminationRequestId(attempt), attempt }, cancellationToken);

    public async Task<bool> IsTerminationAnnouncedAsync(int attempt, CancellationToken cancellationToken) =>
        await store.GetSizeAsync(TerminationKey(attempt), cancellationToken) is not null;

    public Task PublishAsync(RankStep step, CancellationToken cancellationToken) =>
        StoreJson.PutAsync(store, layout.RequestRankKey(step.RequestId, step.Rank), step, cancellationToken);

    /// <summary>Each rank's published step for the request, null where a rank has not published (yet).</summary>
    public async Task<IReadOnlyList<long?>> ReadStepsAsync(string requestId, int worldSize, CancellationToken cancellationToken)
    {
        var steps = new long?[worldSize];
        for (var r = 0; r < worldSize; r++)
        {
            steps[r] = (await TryReadAsync(layout.RequestRankKey(requestId, r), cancellationToken))?.Step;
        }

        return steps;
    }

    /// <summary>Removes the request's folder (rank 0, once the checkpoint answering it is committed).</summary>
    public async Task DeleteAsync(string requestId, CancellationToken cancellationToken)
    {
        foreach (var key in await KeysAsync(layout.RequestPrefix(requestId), cancellationToken))
        {
            await store.DeleteAsync(key, cancellationToken);
        }
    }

    /// <summary>
    /// Removes request folders every rank of which was paused before <paramref name="committedStep"/> (the newest
    /// committed step): agreements that failed or whose checkpoint was committed by an agent that then died. One in
    /// progress is never older than the newest checkpoint, since trainers only move forward.
    /// </summary>
    public async Task<int> PruneOlderThanAsync(long committedStep, CancellationToken cancellationToken)
    {
        var byRequest = (await KeysAsync(layout.RequestsPrefix, cancellationToken))
            .GroupBy(k => k[layout.RequestsPrefix.Length..].Split('/')[0], StringComparer.Ordinal);
        var removed = 0;
        foreach (var request in byRequest)
        {
            if (request.All(k => k.EndsWith("/start.json", StringComparison.Ordinal)))
            {
                // A SIGTERM just announced: no rank has published a step for it yet.
                continue;
            }

            var stale = true;
            foreach (var key in request)
            {
                try
                {
                    if (await TryReadAsync(key, cancellationToken) is { } published && published.Step >= committedStep)
                    {
                        stale = false;
                        break;
                    }
                }
                catch (InvalidDataException)
                {
                    // Unreadable: it cannot take part in any agreement, and goes with its folder.
                }
            }

            if (stale)
            {
                foreach (var key in request)
                {
                    await store.DeleteAsync(key, cancellationToken);
                }

                removed++;
                logger.RequestPruned(request.Key);
            }
        }

        return removed;
    }

    private string TerminationKey(int attempt) => layout.RequestPrefix(TerminationRequestId(attempt)) + "start.json";

    private Task<RankStep?> TryReadAsync(string key, CancellationToken cancellationToken) =>
        StoreJson.TryGetAsync<RankStep>(store, key, cancellationToken);

    private async Task<List<string>> KeysAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            keys.Add(item.Key);
        }

        return keys;
    }
}
