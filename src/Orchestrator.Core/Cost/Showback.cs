using Orchestrator.Api;

namespace Orchestrator.Core.Cost;

/// <summary>
/// Cost showback by team, namespace or run, from nothing but the runs' status (so it needs no Prometheus).
/// Over all time it adds up what the controller wrote: <c>status.gpuSeconds</c>, <c>status.cost</c>,
/// <c>status.preemptions</c> and each attempt's lost work, the same figures the controller's metrics export. With a
/// <c>since</c> instant it counts the attempts that were running at or after it, whole, priced at the prices the
/// controller used for that run.
/// </summary>
public static class Showback
{
    public const string NoTeam = "(no team)";

    public static IReadOnlyList<ShowbackRow> Aggregate(IEnumerable<TrainingRun> runs, ShowbackGrouping by, DateTimeOffset? since = null) =>
        [.. runs
            .Select(run => (Key: KeyOf(run, by), Row: Of(run, since)))
            .Where(r => r.Row is not null)
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(r => r.Row!).Aggregate((a, b) => a with
            {
                Runs = a.Runs + b.Runs,
                SpotGpuHours = a.SpotGpuHours + b.SpotGpuHours,
                OnDemandGpuHours = a.OnDemandGpuHours + b.OnDemandGpuHours,
                Estimated = a.Estimated + b.Estimated,
                AllOnDemand = a.AllOnDemand + b.AllOnDemand,
                Preemptions = a.Preemptions + b.Preemptions,
                LostWorkHours = a.LostWorkHours + b.LostWorkHours,
            }) with { Group = g.Key })];

    /// <summary>The sum of <paramref name="rows"/>, named "total".</summary>
    public static ShowbackRow Total(IReadOnlyList<ShowbackRow> rows) => new(
        "total",
        rows.Sum(r => r.Runs),
        rows.Sum(r => r.SpotGpuHours),
        rows.Sum(r => r.OnDemandGpuHours),
        rows.Sum(r => r.Estimated),
        rows.Sum(r => r.AllOnDemand),
        rows.Sum(r => r.Preemptions),
        rows.Sum(r => r.LostWorkHours));

    public static string KeyOf(TrainingRun run, ShowbackGrouping by) => by switch
    {
        ShowbackGrouping.Team => run.Metadata?.Labels?.TryGetValue(Labels.Team, out var team) == true && !string.IsNullOrEmpty(team) ? team : NoTeam,
        ShowbackGrouping.Namespace => run.Metadata?.NamespaceProperty ?? "default",
        _ => $"{run.Metadata?.NamespaceProperty ?? "default"}/{run.Metadata?.Name}",
    };

    /// <summary>One run's figures; null when nothing of it falls in the period.</summary>
    private static ShowbackRow? Of(TrainingRun run, DateTimeOffset? since)
    {
        var status = run.Status;
        var attempts = status?.Attempts ?? [];
        if (since is not { } from)
        {
            return new ShowbackRow(
                "",
                1,
                (status?.GpuSeconds?.Spot ?? 0) / 3600,
                (status?.GpuSeconds?.OnDemand ?? 0) / 3600,
                status?.Cost?.Estimated ?? 0,
                status?.Cost?.AllOnDemand ?? 0,
                status?.Preemptions ?? 0,
                attempts.Sum(a => a.LostWorkSeconds ?? 0) / 3600);
        }

        var inPeriod = attempts.Where(a => a.EndTime is null || a.EndTime >= from).ToList();
        if (inPeriod.Count == 0)
        {
            return null;
        }

        var prices = ImpliedPrices(status!);
        var spot = inPeriod.Where(a => a.Capacity == CapacityType.Spot).Sum(a => a.GpuSeconds ?? 0) / 3600;
        var onDemand = inPeriod.Where(a => a.Capacity != CapacityType.Spot).Sum(a => a.GpuSeconds ?? 0) / 3600;
        return new ShowbackRow(
            "",
            1,
            spot,
            onDemand,
            (spot * prices.SpotPerGpuHour) + (onDemand * prices.OnDemandPerGpuHour),
            (spot + onDemand) * prices.OnDemandPerGpuHour,
            inPeriod.Count(a => a.EndReason == AttemptEndReason.Preempted),
            inPeriod.Sum(a => a.LostWorkSeconds ?? 0) / 3600);
    }

    /// <summary>
    /// The prices the controller applied to this run, read back from its status (all-on-demand cost over all GPU time
    /// gives the on-demand price; the rest of the estimate over spot time the spot price), so a period is priced as the
    /// controller priced the whole, defaults from its configuration included.
    /// </summary>
    public static Prices ImpliedPrices(TrainingRunStatus status)
    {
        var spot = (status.GpuSeconds?.Spot ?? 0) / 3600;
        var onDemand = (status.GpuSeconds?.OnDemand ?? 0) / 3600;
        var cost = status.Cost;
        if (cost is null || spot + onDemand <= 0)
        {
            return new Prices(0, 0);
        }

        var onDemandPrice = cost.AllOnDemand / (spot + onDemand);
        var spotPrice = spot > 0 ? (cost.Estimated - (onDemand * onDemandPrice)) / spot : 0;
        return new Prices(Math.Max(0, spotPrice), onDemandPrice);
    }
}
