namespace Orchestrator.Sandbox.Workloads.Jobs;

internal enum PodFailureAction
{
    Count,
    Ignore,
    FailJob,
}
