namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Which committed checkpoints belong to the run's line of attempts. Attempt b's restore plan lists what was committed
/// when b began; a checkpoint of an earlier attempt a that the first later plan did not list was committed after
/// that — by an agent the controller had already ended (a partitioned node, a zombie pod) — and never continues the run,
/// however new it is: attempt b and its successors trained on from an older state. Without conditional writes the
/// store's listing is the only order both sides can see, so the fence is the plan, not a clock.
/// </summary>
public static class AttemptFence
{
    /// <summary>True when <paramref name="checkpoint"/> may be restored, given every attempt's plan written so far.</summary>
    public static bool Usable(CheckpointRef checkpoint, IReadOnlyDictionary<int, RestorePlan> plans)
    {
        var next = plans.Keys.Where(a => a > checkpoint.Attempt).DefaultIfEmpty(0).Min();
        return next == 0 || plans[next].Listed.Contains(checkpoint.Id, StringComparer.Ordinal);
    }

    /// <summary>The newest attempt that has begun restoring after <paramref name="attempt"/>, or null: then this attempt is not fenced.</summary>
    public static int? SupersededBy(int attempt, IReadOnlyDictionary<int, RestorePlan> plans) =>
        plans.Keys.Where(a => a > attempt).Select(a => (int?)a).Max();

    /// <summary>Attempt <paramref name="attempt"/>'s plan from what it listed (newest first) and the earlier attempts' plans.</summary>
    public static RestorePlan Plan(int attempt, int worldSize, IReadOnlyList<CheckpointRef> listed, IReadOnlyDictionary<int, RestorePlan> plans, DateTimeOffset now)
    {
        var earlier = plans.Where(p => p.Key < attempt).ToDictionary(p => p.Key, p => p.Value);
        var usable = listed.Where(c => c.Attempt <= attempt && Usable(c, earlier)).ToList();
        return new RestorePlan(
            attempt,
            worldSize,
            now,
            [.. listed.Select(c => c.Id)],
            [.. usable.Select(c => c.Id)],
            [.. listed.Except(usable).Select(c => c.Id)]);
    }
}
