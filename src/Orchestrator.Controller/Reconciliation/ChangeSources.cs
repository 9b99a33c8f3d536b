namespace Orchestrator.Controller.Reconciliation;

/// <summary>Why a run's key was added to the work queue: the <c>source</c> label of <c>orchestrator_workqueue_adds_total</c>.</summary>
internal static class ChangeSources
{
    public const string Run = "trainingrun";
    public const string Job = "job";
    public const string Pod = "pod";
    public const string Node = "node";
    public const string Workload = "workload";
    public const string Timer = "timer";
    public const string Startup = "startup";
}
