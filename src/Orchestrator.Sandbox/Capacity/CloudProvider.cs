namespace Orchestrator.Sandbox.Capacity;

/// <summary>Whose labels, taints and notice windows the sandbox's nodes imitate.</summary>
public enum CloudProvider
{
    /// <summary>EKS with Karpenter labels; notices as aws-node-termination-handler (or Karpenter) sets them.</summary>
    Aws,

    /// <summary>GKE spot VMs.</summary>
    Gke,

    /// <summary>AKS spot scale sets with aks-node-termination-handler.</summary>
    Aks,
}
