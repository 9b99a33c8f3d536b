namespace Orchestrator.Core.Preemption;

/// <summary>How one pod of the attempt ended: its main container's exit code and termination reason.</summary>
/// <remarks>Reason: the container's terminated reason (<c>Completed</c>, <c>Error</c>, <c>OOMKilled</c>) or the pod's
/// status reason (<c>Evicted</c>, <c>NodeShutdown</c>, ...). ExitCode: null when the pod vanished without a status.</remarks>
public sealed record PodTermination(string Pod, string? Node, int? ExitCode, string? Reason = null, string? Message = null, DateTimeOffset? FinishedAt = null)
{
    public bool Succeeded => ExitCode == 0;

    public bool Failed => ExitCode is { } code && code != 0;
}
