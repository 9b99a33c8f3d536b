using k8s.Models;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Controller.Tests.Reconciliation;

public sealed class PreemptionSignalsTests
{
    private const string NthTaint = "aws-node-termination-handler/spot-itn";

    public static TheoryData<string, V1Node?, V1Node, bool> NodeChanges => new()
    {
        { "a notice taint appears", Node(ready: true), Node(ready: true, NthTaint), true },
        { "a node is first seen with a notice taint", null, Node(ready: true, NthTaint), true },
        { "the notice taint was already there (a later heartbeat)", Node(ready: true, NthTaint), Node(ready: true, NthTaint), false },
        { "an unrelated taint appears", Node(ready: true), Node(ready: true, "example.com/maintenance"), false },
        { "the node goes NotReady", Node(ready: true), Node(ready: false), true },
        { "the node stays NotReady", Node(ready: false), Node(ready: false), false },
        { "the node becomes Ready again", Node(ready: false), Node(ready: true), false },
        { "nothing changes", Node(ready: true), Node(ready: true), false },
    };

    public static TheoryData<string, V1Pod?, V1Pod, bool> PodChanges => new()
    {
        { "DisruptionTarget becomes true", Pod(null), Pod("True"), true },
        { "a pod is first seen with DisruptionTarget", null, Pod("True"), true },
        { "DisruptionTarget stays true", Pod("True"), Pod("True"), false },
        { "DisruptionTarget is false", Pod(null), Pod("False"), false },
        { "an ordinary status change", Pod(null), Pod(null), false },
    };

    [Theory]
    [MemberData(nameof(NodeChanges))]
    public void A_node_change_is_urgent_only_when_it_newly_shows_a_signal(string change, V1Node? old, V1Node node, bool urgent) =>
        Assert.True(PreemptionSignals.NodeGained(NoticeSignalTable.Default, old, node) == urgent, change);

    [Theory]
    [MemberData(nameof(PodChanges))]
    public void A_pod_change_is_urgent_only_when_it_newly_shows_DisruptionTarget(string change, V1Pod? old, V1Pod pod, bool urgent) =>
        Assert.True(PreemptionSignals.PodGained(NoticeSignalTable.Default, old, pod) == urgent, change);

    [Fact]
    public void A_taint_the_configured_table_does_not_list_is_ordinary()
    {
        var table = new NoticeSignalTable([new NoticeSignal(NoticeSignalKind.NodeTaint, "example.com/notice", "custom", TimeSpan.FromSeconds(60))]);

        Assert.False(PreemptionSignals.NodeGained(table, Node(ready: true), Node(ready: true, NthTaint)));
        Assert.True(PreemptionSignals.NodeGained(table, Node(ready: true), Node(ready: true, "example.com/notice")));
        Assert.False(PreemptionSignals.NodeGained(table, Node(ready: true), Node(ready: false)));
        Assert.False(PreemptionSignals.NodeDeleted(table));
        Assert.True(PreemptionSignals.NodeDeleted(NoticeSignalTable.Default));
    }

    private static V1Node Node(bool ready, params string[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n1" },
        Spec = new V1NodeSpec { Taints = [.. taints.Select(t => new V1Taint { Key = t, Effect = "NoSchedule" })] },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    private static V1Pod Pod(string? disruptionTarget) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p1" },
        Status = new V1PodStatus
        {
            Conditions = disruptionTarget is null
                ? [new V1PodCondition { Type = "Ready", Status = "True" }]
                : [new V1PodCondition { Type = "Ready", Status = "True" }, new V1PodCondition { Type = "DisruptionTarget", Status = disruptionTarget }],
        },
    };
}
