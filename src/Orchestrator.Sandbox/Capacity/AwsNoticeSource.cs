namespace Orchestrator.Sandbox.Capacity;

/// <summary>Which AWS component sets the notice taint on an interrupted node.</summary>
public enum AwsNoticeSource
{
    /// <summary>aws-node-termination-handler with taintNode=true: <c>aws-node-termination-handler/spot-itn</c>.</summary>
    NodeTerminationHandler,

    /// <summary>Karpenter's interruption handling: <c>karpenter.sh/disrupted</c>.</summary>
    Karpenter,
}
