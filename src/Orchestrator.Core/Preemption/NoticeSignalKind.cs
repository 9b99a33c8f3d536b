namespace Orchestrator.Core.Preemption;

public enum NoticeSignalKind
{
    /// <summary>A taint a termination handler puts on the node.</summary>
    NodeTaint,

    /// <summary>A pod condition (DisruptionTarget) set by the kubelet, the scheduler or the taint manager.</summary>
    PodCondition,

    /// <summary>The node object vanished or went NotReady: no notice at all.</summary>
    NodeGone,
}
