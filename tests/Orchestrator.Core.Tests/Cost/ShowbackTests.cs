using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Cost;

namespace Orchestrator.Core.Tests.Cost;

public sealed class ShowbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Spot 1.00, on-demand 4.00 per GPU-hour. vision-a: 6 GPU-h spot (preempted once, 0.5 h lost), 2 GPU-h on-demand.
    private static TrainingRun VisionA() => Run("vision-a", "team-a", "vision", spotHours: 6, onDemandHours: 2, preemptions: 1,
    [
        Attempt(1, CapacityType.Spot, gpuHours: 6, end: T0.AddHours(6), AttemptEndReason.Preempted, lostHours: 0.5),
        Attempt(2, CapacityType.OnDemand, gpuHours: 2, end: null, null, lostHours: 0),
    ]);

    // vision-b: 4 GPU-h spot, finished long ago.
    private static TrainingRun VisionB() => Run("vision-b", "team-b", "vision", spotHours: 4, onDemandHours: 0, preemptions: 0,
        [Attempt(1, CapacityType.Spot, gpuHours: 4, end: T0.AddHours(1), AttemptEndReason.Succeeded, lostHours: 0)]);

    // Unlabelled: 1 GPU-h on-demand.
    private static TrainingRun Loose() => Run("loose", "team-b", team: null, spotHours: 0, onDemandHours: 1, preemptions: 0,
        [Attempt(1, CapacityType.OnDemand, gpuHours: 1, end: T0.AddHours(8), AttemptEndReason.Succeeded, lostHours: 0)]);

    [Fact]
    public void By_team_adds_up_what_the_controller_wrote_in_each_status()
    {
        var rows = Showback.Aggregate([VisionA(), VisionB(), Loose()], ShowbackGrouping.Team);

        Assert.Equal(["(no team)", "vision"], rows.Select(r => r.Group));
        var vision = rows[1];
        Assert.Equal(2, vision.Runs);
        Assert.Equal(10, vision.SpotGpuHours, 6);
        Assert.Equal(2, vision.OnDemandGpuHours, 6);
        Assert.Equal((10 * 1.0) + (2 * 4.0), vision.Estimated, 6);
        Assert.Equal(12 * 4.0, vision.AllOnDemand, 6);
        Assert.Equal(30, vision.Savings, 6);
        Assert.Equal(62.5, vision.SavingsPercent, 6);
        Assert.Equal(1, vision.Preemptions);
        Assert.Equal(0.5, vision.LostWorkHours, 6);
        Assert.Equal(4.0, rows[0].Estimated, 6);
        Assert.Equal(0, rows[0].Savings, 6);
    }

    [Theory]
    [InlineData(ShowbackGrouping.Namespace, new[] { "team-a", "team-b" })]
    [InlineData(ShowbackGrouping.Run, new[] { "team-a/vision-a", "team-b/loose", "team-b/vision-b" })]
    public void Groups_by_namespace_or_run(ShowbackGrouping by, string[] groups)
    {
        var rows = Showback.Aggregate([VisionA(), VisionB(), Loose()], by);

        Assert.Equal(groups, rows.Select(r => r.Group));
        Assert.Equal(13, Showback.Total(rows).SpotGpuHours + Showback.Total(rows).OnDemandGpuHours, 6);
    }

    [Fact]
    public void Since_counts_the_attempts_running_then_or_after_at_the_runs_own_prices()
    {
        var rows = Showback.Aggregate([VisionA(), VisionB(), Loose()], ShowbackGrouping.Run, since: T0.AddHours(2));

        // vision-b ended at 1 h: outside the period, so no row at all.
        Assert.Equal(["team-a/vision-a", "team-b/loose"], rows.Select(r => r.Group));
        Assert.Equal(6 + 8, rows[0].Estimated, 6);
        Assert.Equal(1, rows[0].Preemptions);
        Assert.Equal(4, rows[1].Estimated, 6);
    }

    [Fact]
    public void Prices_are_read_back_from_the_status()
    {
        var prices = Showback.ImpliedPrices(VisionA().Status!);

        Assert.Equal(1.0, prices.SpotPerGpuHour, 9);
        Assert.Equal(4.0, prices.OnDemandPerGpuHour, 9);
    }

    private static AttemptRecord Attempt(int index, CapacityType capacity, double gpuHours, DateTimeOffset? end, AttemptEndReason? reason, double lostHours) => new()
    {
        Index = index,
        Capacity = capacity,
        GpuSeconds = gpuHours * 3600,
        StartTime = T0,
        EndTime = end,
        EndReason = reason,
        LostWorkSeconds = lostHours * 3600,
    };

    private static TrainingRun Run(string name, string ns, string? team, double spotHours, double onDemandHours, int preemptions, IList<AttemptRecord> attempts)
    {
        var estimated = (spotHours * 1.0) + (onDemandHours * 4.0);
        var all = (spotHours + onDemandHours) * 4.0;
        return new TrainingRun
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = team is null ? null : new Dictionary<string, string> { [Labels.Team] = team },
            },
            Status = new TrainingRunStatus
            {
                GpuSeconds = new GpuSeconds { Spot = spotHours * 3600, OnDemand = onDemandHours * 3600 },
                Cost = new CostStatus { Estimated = estimated, AllOnDemand = all, Savings = all - estimated },
                Preemptions = preemptions,
                Attempts = attempts,
            },
        };
    }
}
