namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>A pod's own network identity in the sandbox: its loopback address, hostname and hosts file (see <see cref="PodNetwork"/>).</summary>
internal sealed record PodAddress(string Ip, string Hostname, string HostsFile);
