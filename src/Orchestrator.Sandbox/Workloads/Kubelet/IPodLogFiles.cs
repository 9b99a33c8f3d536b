namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// What the API server asks a node's kubelet for when it serves <c>pods/{name}/log</c>: the file of a container's
/// current (or previous) run, in the CRI log format.
/// </summary>
public interface IPodLogFiles
{
    /// <summary>The log file, or null when that run of the container wrote none (never started, or no previous run).</summary>
    string? LogFile(string podUid, string ns, string pod, string container, bool previous);
}
