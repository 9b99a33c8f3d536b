using System.Globalization;
using Orchestrator.Checkpoints.Storage;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Where a gang agrees on what to restore: one plan per attempt (rank 0 writes it) and one verdict per rank and
/// candidate, under <c>restores/</c>. One writer per key and plain puts and gets, as for save requests. Plans are
/// kept for the run's life (a few hundred bytes per attempt): they are the fence for every earlier attempt.
/// </summary>
public sealed class RestoreBoard(ICheckpointStore store, CheckpointLayout layout)
{
    /// <summary>Every attempt's plan, by attempt.</summary>
    public async Task<IReadOnlyDictionary<int, RestorePlan>> ReadPlansAsync(CancellationToken cancellationToken)
    {
        var plans = new Dictionary<int, RestorePlan>();
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(layout.RestoresPrefix, cancellationToken))
        {
            keys.Add(item.Key);
        }

        foreach (var key in keys)
        {
            var rest = key[layout.RestoresPrefix.Length..];
            if (rest.EndsWith("/plan.json", StringComparison.Ordinal) && rest.StartsWith('a')
                && int.TryParse(rest.AsSpan(1, rest.Length - "/plan.json".Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
                && await StoreJson.TryGetAsync<RestorePlan>(store, key, cancellationToken) is { } plan)
            {
                plans[attempt] = plan;
            }
        }

        return plans;
    }

    public Task<RestorePlan?> ReadPlanAsync(int attempt, CancellationToken cancellationToken) =>
        StoreJson.TryGetAsync<RestorePlan>(store, layout.RestorePlanKey(attempt), cancellationToken);

    public Task WritePlanAsync(RestorePlan plan, CancellationToken cancellationToken) =>
        StoreJson.PutAsync(store, layout.RestorePlanKey(plan.Attempt), plan, cancellationToken);

    public Task PublishAsync(RestoreVerdict verdict, CancellationToken cancellationToken) =>
        StoreJson.PutAsync(store, layout.RestoreVerdictKey(verdict.Attempt, verdict.Id, verdict.Rank), verdict, cancellationToken);

    /// <summary>Each rank's verdict on the candidate, null where a rank has not given one (yet).</summary>
    public async Task<IReadOnlyList<RestoreVerdict?>> ReadVerdictsAsync(int attempt, string id, int worldSize, CancellationToken cancellationToken)
    {
        var verdicts = new RestoreVerdict?[worldSize];
        for (var r = 0; r < worldSize; r++)
        {
            verdicts[r] = await StoreJson.TryGetAsync<RestoreVerdict>(store, layout.RestoreVerdictKey(attempt, id, r), cancellationToken);
        }

        return verdicts;
    }
}
