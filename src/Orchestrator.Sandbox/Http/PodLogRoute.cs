using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Http;

/// <summary>The API server's way to the kubelet's log files; set once the cluster's kubelet exists, absent on a bare API server.</summary>
internal sealed class PodLogRoute
{
    public IPodLogFiles? Files { get; set; }
}
