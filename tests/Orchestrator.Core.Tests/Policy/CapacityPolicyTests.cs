using Orchestrator.Api;
using Orchestrator.Core.Policy;
using static Orchestrator.Core.Tests.Policy.RunBuilder;

namespace Orchestrator.Core.Tests.Policy;

public sealed class CapacityPolicyTests
{
    public sealed record PolicyCase(string Name, RunBuilder Run, CapacityType Capacity, bool Final, bool Switch = false, DateTimeOffset? ReevaluateAt = null, string? ReasonContains = null)
    {
        public override string ToString() => Name;
    }

    private static readonly PolicyCase[] Cases =
    [
        new("never stays on spot for good",
            ARun().OnSpot(H(0), running: H(0)).Preempted(H(1)).OnSpot(H(1)).At(H(5)),
            CapacityType.Spot, Final: true),
        new("preferred on-demand is on-demand for good",
            ARun().With(o => o with { Preferred = CapacityType.OnDemand, Triggers = [FallbackPolicy.AfterPreemptions] }).At(H(0)),
            CapacityType.OnDemand, Final: true),
        new("after-preemptions(2): one preemption stays on spot",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(0), H(0)).Preempted(H(1)).At(H(1)),
            CapacityType.Spot, Final: false),
        new("after-preemptions(2): the second preemption falls back for good",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(0), H(0)).Preempted(H(1)).OnSpot(H(1), H(1)).Preempted(H(2)).At(H(2)),
            CapacityType.OnDemand, Final: true, ReasonContains: "preempted 2 times"),
        new("after-preemptions: app failures do not count",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(0), H(0)).Failed(H(1)).OnSpot(H(1), H(1)).Failed(H(2)).At(H(2)),
            CapacityType.Spot, Final: false),
        new("after-preemptions: once on on-demand, stays there",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(0), H(0)).Preempted(H(1)).OnSpot(H(1), H(1)).Preempted(H(2))
                .OnDemand(H(2), H(2)).Failed(H(3)).At(H(3)),
            CapacityType.OnDemand, Final: true),
        new("after-spot-wait: waiting less than the wait stays, with a timer at the end of the wait",
            ARun().WithTriggers(FallbackPolicy.AfterSpotWait).OnSpot(H(1)).At(H(1.25)),
            CapacityType.Spot, Final: false, ReevaluateAt: H(1.5)),
        new("after-spot-wait: spot not running within 30m falls back and cancels the queued attempt",
            ARun().WithTriggers(FallbackPolicy.AfterSpotWait).OnSpot(H(1)).At(H(1.5)),
            CapacityType.OnDemand, Final: true, Switch: true, ReasonContains: "has not started for 30m"),
        new("after-spot-wait: a running spot attempt is not waiting",
            ARun().WithTriggers(FallbackPolicy.AfterSpotWait).OnSpot(H(1), running: H(1.1)).At(H(9)),
            CapacityType.Spot, Final: false),
        new("after-spot-wait: the wait restarts with each spot attempt",
            ARun().WithTriggers(FallbackPolicy.AfterSpotWait).OnSpot(H(0)).Preempted(H(2)).OnSpot(H(2)).At(H(2.25)),
            CapacityType.Spot, Final: false, ReevaluateAt: H(2.5)),
        new("after-preemptions alone: spot workers unschedulable for less than spotWait stay, with a timer at its end",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(1)).UnschedulableSince(H(1)).At(H(1.25)),
            CapacityType.Spot, Final: false, ReevaluateAt: H(1.5)),
        new("after-preemptions alone: spot workers unschedulable for spotWait fall back for good",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(1)).UnschedulableSince(H(1.1)).At(H(1.6)),
            CapacityType.OnDemand, Final: true, Switch: true, ReasonContains: "unschedulable for 30m"),
        new("after-preemptions alone: a spot attempt queued by Kueue (no pods) is not unschedulable",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).OnSpot(H(1)).At(H(9)),
            CapacityType.Spot, Final: false),
        new("never: unschedulable spot workers still stay on spot",
            ARun().OnSpot(H(1)).UnschedulableSince(H(1)).At(H(9)),
            CapacityType.Spot, Final: true),
        new("deadline: behind, with spot workers known unschedulable, does not wait out the changeover",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(8)).Done(6).SpotAvailable(false).UnschedulableSince(H(8)).At(H(8.1)),
            CapacityType.OnDemand, Final: false, Switch: true, ReasonContains: "behind"),
        new("deadline: ahead of uniform progress waits for spot until it falls behind",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(8)).Done(10).At(H(8)),
            CapacityType.Spot, Final: false, ReevaluateAt: H(10 * 52.0 / 48), ReasonContains: "ahead"),
        new("deadline: behind while spot is not running goes on-demand, not for good",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(8)).Done(6).At(H(8.25)),
            CapacityType.OnDemand, Final: false, Switch: true, ReasonContains: "behind"),
        new("deadline: a spot attempt queued less than a changeover ago is still starting, not unavailable",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(8)).Done(6).At(H(8.1)),
            CapacityType.Spot, Final: false, ReevaluateAt: H(8.2), ReasonContains: "still starting"),
        new("deadline: behind but on a running spot instance keeps it",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(7), running: H(7)).Done(6).At(H(8)),
            CapacityType.Spot, Final: false),
        new("deadline: behind with spot known available (simulator) takes spot",
            ARun().WithDeadline(compute: 48, deadline: 52).Done(6).SpotAvailable(true).At(H(8)),
            CapacityType.Spot, Final: false),
        new("deadline: behind after a preemption goes on-demand",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(0), H(0)).Preempted(H(8)).Done(6).At(H(8)),
            CapacityType.OnDemand, Final: false),
        new("deadline: safety net when only on-demand can make it",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(40)).Done(36.5).At(H(40)),
            CapacityType.OnDemand, Final: true, Switch: true, ReasonContains: "safety net"),
        new("deadline: safety net fires at remaining + changeover + margin = time left",
            ARun().WithDeadline(compute: 48, deadline: 52).Done(44 + (34.0 / 60)).At(H(48)),
            CapacityType.OnDemand, Final: true),
        new("deadline: one minute more slack is not yet the safety net",
            ARun().WithDeadline(compute: 48, deadline: 52).Done(44 + (35.0 / 60)).At(H(48)),
            CapacityType.Spot, Final: false),
        new("deadline: the safety net does not pull a running spot instance",
            ARun().WithDeadline(compute: 48, deadline: 52).OnSpot(H(30), H(30)).Done(37).At(H(40)),
            CapacityType.Spot, Final: false),
        new("deadline hysteresis: on-demand not yet ahead by two changeovers stays, with a timer",
            ARun().WithDeadline(compute: 48, deadline: 52).OnDemand(H(8), H(8)).Done(48.0 * 10 / 52 + 0.2).At(H(10)),
            CapacityType.OnDemand, Final: false, ReevaluateAt: H(10 + (0.2 / (1 - (48.0 / 52))))),
        new("deadline hysteresis: ahead by the margin but inside the one-hour dwell stays on on-demand",
            ARun().WithDeadline(compute: 48, deadline: 52).OnDemand(H(9.5), H(9.5)).Done(48.0 * 10 / 52 + 1).At(H(10)),
            CapacityType.OnDemand, Final: false, ReevaluateAt: H(10.5)),
        new("deadline: ahead by the margin after the dwell returns to spot at the attempt boundary",
            ARun().WithDeadline(compute: 48, deadline: 52).OnDemand(H(8), H(8)).Done(48.0 * 10 / 52 + 1).At(H(10)),
            CapacityType.Spot, Final: false, Switch: true, ReasonContains: "returning to spot"),
        new("deadline: no return while spot is known unavailable",
            ARun().WithDeadline(compute: 48, deadline: 52).OnDemand(H(8), H(8)).Done(48.0 * 10 / 52 + 1).SpotAvailable(false).At(H(10)),
            CapacityType.OnDemand, Final: false, ReevaluateAt: H(10.2)),
        new("deadline with returnToSpot off stays on on-demand for good",
            ARun().WithDeadline(compute: 48, deadline: 52).With(o => o with { ReturnToSpot = false })
                .OnDemand(H(8), H(8)).Done(48.0 * 10 / 52 + 5).At(H(10)),
            CapacityType.OnDemand, Final: true),
        new("after-preemptions with deadline falls back, not for good",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).WithDeadline(compute: 48, deadline: 70)
                .OnSpot(H(0), H(0)).Preempted(H(1)).OnSpot(H(1), H(1)).Preempted(H(2)).Done(1.5).At(H(2)),
            CapacityType.OnDemand, Final: false, ReasonContains: "may return to spot"),
        new("after-preemptions with deadline: preemptions count again from the return to spot",
            ARun().WithTriggers(FallbackPolicy.AfterPreemptions).WithDeadline(compute: 48, deadline: 70)
                .OnSpot(H(0), H(0)).Preempted(H(1)).OnSpot(H(1), H(1)).Preempted(H(2)).OnDemand(H(2), H(2))
                .OnSpot(H(8), H(8)).Preempted(H(9)).Done(8).At(H(9)),
            CapacityType.Spot, Final: false),
    ];

    public static TheoryData<PolicyCase> All() => [.. Cases];

    [Theory]
    [MemberData(nameof(All))]
    public void Decides(PolicyCase c)
    {
        var decision = c.Run.Decide();

        Assert.Equal(c.Capacity, decision.Capacity);
        Assert.Equal(c.Final, decision.Final);
        Assert.Equal(c.Switch, decision.SwitchCurrentAttempt);
        if (c.ReevaluateAt is { } at)
        {
            Assert.NotNull(decision.ReevaluateAt);
            Assert.InRange((decision.ReevaluateAt!.Value - at).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }

        if (c.ReasonContains is { } text)
        {
            Assert.Contains(text, decision.Reason, StringComparison.Ordinal);
        }

        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void Deadline_without_a_known_compute_stays_on_spot_and_says_why()
    {
        var decision = ARun().With(o => o with { Triggers = [FallbackPolicy.Deadline], Deadline = H(10) }).OnSpot(H(0)).At(H(9.9)).Decide();

        Assert.Equal(CapacityType.Spot, decision.Capacity);
        Assert.False(decision.Final);
        Assert.Contains("no expectedDuration", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deadline_without_a_deadline_names_the_field()
    {
        var run = ARun().With(o => o with { Triggers = [FallbackPolicy.Deadline], ExpectedDuration = TimeSpan.FromHours(1) });

        var error = Assert.Throws<ArgumentException>(() => run.Decide());

        Assert.Contains("spec.capacity.fallback.deadline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_from_a_spec_parse_durations_and_apply_defaults()
    {
        var spec = new CapacitySpec
        {
            Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterSpotWait, FallbackPolicy.Deadline], SpotWait = "45m", ExpectedDuration = "48h" },
        };

        var options = CapacityPolicyOptions.FromSpec(spec, text => TimeSpan.Parse(text switch { "45m" => "00:45:00", "48h" => "2.00:00:00", "12m" => "00:12:00", _ => text }, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromMinutes(45), options.SpotWait);
        Assert.Equal(TimeSpan.FromHours(48), options.ExpectedDuration);
        Assert.Equal(TimeSpan.FromMinutes(12), options.ChangeoverDelay);
        Assert.True(options.ReturnToSpot);
        Assert.Equal(2, options.AfterPreemptions);
        Assert.Equal(CapacityType.Spot, options.Preferred);
    }
}
