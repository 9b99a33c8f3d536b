namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The level-based reconcile of one TrainingRun: read the snapshot, decide, and return the status to write once,
/// the actions to apply, and when to look again. Pure: the same snapshot always gives the same result.
/// </summary>
public static class RunReconciler
{
    public static ReconcileResult Reconcile(RunSnapshot snapshot, ReconcileSettings? settings = null) =>
        new RunDecision(snapshot, settings ?? ReconcileSettings.Default).Decide();
}
