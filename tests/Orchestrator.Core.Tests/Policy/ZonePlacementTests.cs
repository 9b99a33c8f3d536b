using Orchestrator.Api;
using Orchestrator.Core.Policy;
using static Orchestrator.Core.Tests.Policy.RunBuilder;

namespace Orchestrator.Core.Tests.Policy;

public sealed class ZonePlacementTests
{
    private static readonly string[] Zones = ["a", "b", "c"];
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(12);

    private static AttemptObservation Spot(int index, string zone, double created, double? running = null, double? ended = null, AttemptEndReason? reason = null) =>
        new(index, CapacityType.Spot, ended is not null ? AttemptState.Ended : running is not null ? AttemptState.Running : AttemptState.Queued,
            H(created), running is { } r ? H(r) : null, ended is { } e ? H(e) : null, reason, Zone: zone);

    [Fact]
    public void The_first_attempt_goes_to_the_first_zone()
    {
        Assert.Equal("a", ZonePlacement.Choose(Zones, [], H(0), Wait).Zone);
    }

    [Fact]
    public void A_running_zone_and_a_young_wait_stay()
    {
        Assert.Equal("b", ZonePlacement.Choose(Zones, [Spot(0, "b", 0, running: 0)], H(5), Wait).Zone);
        var young = ZonePlacement.Choose(Zones, [Spot(0, "b", 0)], H(0.1), Wait);
        Assert.Equal("b", young.Zone);
        Assert.False(young.Move);
        Assert.Equal(H(0.2), young.ReevaluateAt);
    }

    [Fact]
    public void A_wait_that_ran_out_moves_the_queued_attempt()
    {
        var choice = ZonePlacement.Choose(Zones, [Spot(0, "a", 0)], H(0.25), Wait);
        Assert.Equal("b", choice.Zone);
        Assert.True(choice.Move);
    }

    [Fact]
    public void After_a_preemption_the_zone_with_the_longest_stretches_is_chosen_and_the_lost_one_goes_last()
    {
        // a: 10 h then lost now; b: lost after 0.5 h twice; c: untried (prior 1.7 h).
        IReadOnlyList<AttemptObservation> history =
        [
            Spot(0, "b", 0, running: 0, ended: 0.5, AttemptEndReason.Preempted),
            Spot(1, "b", 0.5, running: 0.5, ended: 1, AttemptEndReason.Preempted),
            Spot(2, "a", 1, running: 1, ended: 11, AttemptEndReason.Preempted),
        ];
        Assert.Equal("c", ZonePlacement.Choose(Zones, history, H(11), Wait).Zone);
        Assert.Equal("a", ZonePlacement.Choose(Zones, history, H(12.5), Wait).Zone);
    }

    [Fact]
    public void A_zone_whose_spot_ended_well_is_kept()
    {
        IReadOnlyList<AttemptObservation> history = [Spot(0, "c", 0, running: 0, ended: 3, AttemptEndReason.Suspended)];
        Assert.Equal("c", ZonePlacement.Choose(Zones, history, H(4), Wait).Zone);
    }
}
