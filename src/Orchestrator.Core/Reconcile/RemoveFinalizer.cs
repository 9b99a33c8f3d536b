namespace Orchestrator.Core.Reconcile;

/// <summary>Let a deleted run go: its attempts are stopped.</summary>
public sealed record RemoveFinalizer : ReconcileAction;
