namespace Orchestrator.Sandbox.Capacity;

/// <summary>How a cloud's nodes say whether they are spot: the label the node provisioner sets, and its values.</summary>
public enum NodeLabelScheme
{
    /// <summary>Karpenter on EKS: <c>karpenter.sh/capacity-type</c> <c>spot</c> / <c>on-demand</c>.</summary>
    Karpenter,

    /// <summary>EKS managed node groups: <c>eks.amazonaws.com/capacityType</c> <c>SPOT</c> / <c>ON_DEMAND</c>.</summary>
    EksManagedNodeGroup,

    /// <summary>GKE: spot nodes <c>cloud.google.com/gke-spot=true</c>; every node <c>cloud.google.com/gke-provisioning</c> <c>spot</c> / <c>standard</c>.</summary>
    Gke,

    /// <summary>AKS: <c>kubernetes.azure.com/scalesetpriority</c> <c>spot</c> / <c>regular</c>.</summary>
    Aks,
}
