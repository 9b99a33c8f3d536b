using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Tests.Preemption;

public sealed class NoticeMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed record NoticeCase(string Name, NodeObservation[] Nodes, PodObservation[] Pods, string? Signal, string? Source, double WindowSeconds)
    {
        public override string ToString() => Name;
    }

    private static NodeObservation Tainted(string key, string? value = null) => new("n1", [new TaintObservation(key, value, "NoSchedule", T0)]);

    private static PodObservation Disrupted(string status = "True", string node = "n1") =>
        new("w-0", node, [new PodConditionObservation("DisruptionTarget", status, "TerminationByKubelet", T0, T0)]);

    private static readonly NoticeCase[] Cases =
    [
        new("AWS NTH taint", [Tainted("aws-node-termination-handler/spot-itn", "evt-1")], [], "aws-node-termination-handler/spot-itn", "node/n1", 120),
        new("Karpenter disrupted taint", [Tainted("karpenter.sh/disrupted")], [], "karpenter.sh/disrupted", "node/n1", 120),
        new("GKE impending termination: the pods' 15 s", [Tainted("cloud.google.com/impending-node-termination")], [], "cloud.google.com/impending-node-termination", "node/n1", 15),
        new("AKS handler taint", [Tainted("aks-node-termination-handler/preempt")], [], "aks-node-termination-handler/preempt", "node/n1", 30),
        new("DisruptionTarget alone: 30 s", [new NodeObservation("n1", [])], [Disrupted()], "DisruptionTarget", "pod/w-0", 30),
        new("DisruptionTarget False is no notice", [new NodeObservation("n1", [])], [Disrupted("False")], null, null, 0),
        new("node deleted: no notice window", [new NodeObservation("n1", [], DeletedAt: T0)], [], "node-deleted", "node/n1", 0),
        new("node NotReady: no notice window", [new NodeObservation("n1", [], NotReadySince: T0)], [], "node-not-ready", "node/n1", 0),
        new("the permanent AKS spot taint is not a notice", [Tainted("kubernetes.azure.com/scalesetpriority", "spot")], [], null, null, 0),
    ];

    public static TheoryData<NoticeCase> All() => [.. Cases];

    [Theory]
    [MemberData(nameof(All))]
    public void Matches_the_default_table(NoticeCase c)
    {
        var notices = NoticeMatcher.Match(NoticeSignalTable.Default, c.Nodes, c.Pods);

        if (c.Signal is null)
        {
            Assert.Empty(notices);
            return;
        }

        var notice = Assert.Single(notices);
        Assert.Equal(c.Signal, notice.Signal);
        Assert.Equal(c.Source, notice.Source);
        Assert.Equal(T0, notice.ReceivedTime);
        Assert.Equal(TimeSpan.FromSeconds(c.WindowSeconds), notice.Window);
    }

    [Fact]
    public void A_disrupted_pod_gets_its_nodes_window_and_the_earliest_deadline_comes_first()
    {
        var notices = NoticeMatcher.Match(NoticeSignalTable.Default, [Tainted("aws-node-termination-handler/spot-itn")], [Disrupted()]);

        Assert.Equal(2, notices.Count);
        Assert.All(notices, notice => Assert.Equal(TimeSpan.FromSeconds(120), notice.Window));
        Assert.Equal("node/n1", notices[0].Source);
    }

    [Fact]
    public void A_configured_signal_is_matched_with_its_window()
    {
        var table = NoticeSignalTable.Default with
        {
            Signals = [.. NoticeSignalTable.Default.Signals, new NoticeSignal(NoticeSignalKind.NodeTaint, "example.com/draining", "in-house", TimeSpan.FromSeconds(90))],
        };

        var notice = Assert.Single(NoticeMatcher.Match(table, [Tainted("example.com/draining")], []));

        Assert.Equal(T0 + TimeSpan.FromSeconds(90), notice.Deadline);
        Assert.Equal("in-house", notice.Provider);
    }

    [Fact]
    public void The_taints_time_added_counts_when_it_is_earlier_than_the_observation()
    {
        var node = new NodeObservation("n1", [new TaintObservation("karpenter.sh/disrupted", null, "NoExecute", T0.AddSeconds(5), TimeAdded: T0)]);

        var notice = Assert.Single(NoticeMatcher.Match(NoticeSignalTable.Default, [node], []));

        Assert.Equal(T0, notice.ReceivedTime);
        Assert.Equal(T0.AddSeconds(120), notice.Deadline);
    }
}
