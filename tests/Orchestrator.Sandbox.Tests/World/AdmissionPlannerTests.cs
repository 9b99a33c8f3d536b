using Orchestrator.Sandbox.Admission;

namespace Orchestrator.Sandbox.Tests.World;

public sealed class AdmissionPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static QueueSnapshot Queue(bool strict = true, params (string Flavor, decimal Gpus)[] flavors) =>
        new("cq", strict, [new GroupSnapshot(["cpu", "nvidia.com/gpu"], flavors.Select(f => new FlavorQuotaSnapshot(f.Flavor, new Dictionary<string, decimal> { ["nvidia.com/gpu"] = f.Gpus, ["cpu"] = 1000 })).ToList())]);

    private static PendingSnapshot Pending(string key, decimal gpus, int minute = 0, string? queue = "cq") =>
        new(key, queue, T0.AddMinutes(minute), new Dictionary<string, decimal> { ["nvidia.com/gpu"] = gpus, ["cpu"] = gpus * 4 });

    private static AdmittedSnapshot Admitted(string key, string flavor, decimal gpus, int minute = 0) =>
        new(key, "cq", new Dictionary<string, string> { ["nvidia.com/gpu"] = flavor, ["cpu"] = flavor }, new Dictionary<string, decimal> { ["nvidia.com/gpu"] = gpus, ["cpu"] = gpus * 4 }, T0.AddMinutes(minute));

    [Theory]
    [InlineData("fits the first flavor", 4, "spot")]
    [InlineData("too big for spot goes whole to on-demand", 6, "on-demand")]
    public void A_gang_lands_whole_on_the_first_flavor_where_it_fits(string name, int gpus, string expectedFlavor)
    {
        _ = name;
        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4), ("on-demand", 8))], [], [Pending("w", gpus)], null, null));

        var grant = Assert.Single(plan.Admissions);
        Assert.Equal(expectedFlavor, grant.FlavorByResource["nvidia.com/gpu"]);
        Assert.Equal(expectedFlavor, grant.FlavorByResource["cpu"]);
    }

    [Fact]
    public void A_gang_that_fits_no_flavor_is_not_partially_admitted()
    {
        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4), ("on-demand", 4))], [], [Pending("w", 6)], null, null));

        Assert.Empty(plan.Admissions);
        Assert.Contains("insufficient quota for nvidia.com/gpu", plan.Inadmissible["w"], StringComparison.Ordinal);
    }

    [Fact]
    public void Quota_held_by_admitted_workloads_is_not_given_twice()
    {
        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 8))], [Admitted("a", "spot", 6)], [Pending("b", 4)], null, null));

        Assert.Empty(plan.Admissions);
        Assert.True(plan.Inadmissible.ContainsKey("b"));
    }

    [Theory]
    [InlineData("StrictFIFO blocks the smaller one behind the head", true, new string[0])]
    [InlineData("BestEffortFIFO lets the smaller one pass", false, new[] { "small" })]
    public void Queueing_strategy_decides_whether_the_head_blocks(string name, bool strict, string[] expected)
    {
        _ = name;
        var plan = AdmissionPlanner.Plan(new([Queue(strict, ("spot", 4))], [], [Pending("big", 8, minute: 0), Pending("small", 2, minute: 1)], null, null));

        Assert.Equal(expected, plan.Admissions.Select(a => a.Key).ToArray());
    }

    [Fact]
    public void Older_workloads_are_admitted_first()
    {
        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4))], [], [Pending("newer", 4, minute: 5), Pending("older", 4, minute: 1)], null, null));

        Assert.Equal("older", Assert.Single(plan.Admissions).Key);
    }

    [Fact]
    public void Resources_the_queue_does_not_cover_make_the_workload_inadmissible()
    {
        var pending = new PendingSnapshot("w", "cq", T0, new Dictionary<string, decimal> { ["example.com/fpga"] = 1 });

        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4))], [], [pending], null, null));

        Assert.Empty(plan.Admissions);
        Assert.Contains("example.com/fpga", plan.Inadmissible["w"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_workload_without_a_cluster_queue_waits()
    {
        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4))], [], [Pending("w", 1, queue: null)], null, null));

        Assert.Empty(plan.Admissions);
        Assert.True(plan.Inadmissible.ContainsKey("w"));
    }

    [Fact]
    public void Schedulable_node_capacity_caps_the_nominal_quota()
    {
        var capacity = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
        {
            ["spot"] = new Dictionary<string, decimal> { ["nvidia.com/gpu"] = 2 },
            ["on-demand"] = new Dictionary<string, decimal> { ["nvidia.com/gpu"] = 8 },
        };

        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 8), ("on-demand", 8))], [], [Pending("w", 4)], capacity, capacity));

        Assert.Equal("on-demand", Assert.Single(plan.Admissions).FlavorByResource["nvidia.com/gpu"]);
    }

    [Fact]
    public void Losing_nodes_evicts_the_most_recently_admitted_until_the_rest_fit()
    {
        var live = new Dictionary<string, IReadOnlyDictionary<string, decimal>>
        {
            ["spot"] = new Dictionary<string, decimal> { ["nvidia.com/gpu"] = 4 },
        };
        var admitted = new[] { Admitted("first", "spot", 4, minute: 0), Admitted("second", "spot", 2, minute: 3), Admitted("third", "spot", 2, minute: 2) };

        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 8))], admitted, [], live, live));

        Assert.Equal(["second", "third"], plan.Evictions.Select(e => e.Key).ToArray());
        Assert.All(plan.Evictions, e => Assert.Equal("NodeFailures", e.Reason));
    }

    [Theory]
    [InlineData("borrows the peer's unused quota", 0, 6)]
    [InlineData("cannot borrow what the peer uses", 6, 0)]
    public void Queues_in_a_cohort_borrow_unused_nominal_quota(string name, int peerUses, int admittedGpus)
    {
        _ = name;
        var spotFirst = new QueueSnapshot("spot-first", false, [new GroupSnapshot(["nvidia.com/gpu"], [new FlavorQuotaSnapshot("spot", Gpus(0)), new FlavorQuotaSnapshot("on-demand", Gpus(0))])], Cohort: "gpu");
        var onDemand = new QueueSnapshot("on-demand", false, [new GroupSnapshot(["nvidia.com/gpu"], [new FlavorQuotaSnapshot("on-demand", Gpus(8))])], Cohort: "gpu");
        var peer = new AdmittedSnapshot("peer", "on-demand", new Dictionary<string, string> { ["nvidia.com/gpu"] = "on-demand" }, Gpus(peerUses), T0);
        var pending = new PendingSnapshot("w", "spot-first", T0, Gpus(6));

        var plan = AdmissionPlanner.Plan(new([spotFirst, onDemand], [peer], [pending], null, null));

        Assert.Equal(admittedGpus, plan.Admissions.Where(a => a.Key == "w").Sum(_ => 6));
        Assert.All(plan.Admissions, a => Assert.Equal("on-demand", a.FlavorByResource["nvidia.com/gpu"]));
    }

    [Fact]
    public void A_flavor_whose_taints_the_pods_do_not_tolerate_is_skipped()
    {
        var pending = new PendingSnapshot("w", "cq", T0, Gpus(2), new HashSet<string> { "spot" });

        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 8), ("on-demand", 8))], [], [pending], null, null));

        Assert.Equal("on-demand", Assert.Single(plan.Admissions).FlavorByResource["nvidia.com/gpu"]);
    }

    [Fact]
    public void A_workload_already_being_evicted_keeps_its_quota_until_it_stops_and_is_not_evicted_twice()
    {
        var live = new Dictionary<string, IReadOnlyDictionary<string, decimal>> { ["spot"] = Gpus(0) };
        var stopping = Admitted("stopping", "spot", 4) with { Evicting = true };

        var plan = AdmissionPlanner.Plan(new([Queue(true, ("spot", 4))], [stopping], [Pending("next", 2, minute: 1)], null, live));

        Assert.Empty(plan.Evictions);
        Assert.Empty(plan.Admissions);
    }

    private static Dictionary<string, decimal> Gpus(decimal amount) => new() { ["nvidia.com/gpu"] = amount };
}
