namespace Orchestrator.Sandbox.Workloads.Jobs;

internal sealed record PodFailureVerdict(PodFailureAction Action, string? Message);
