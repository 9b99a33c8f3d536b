namespace Orchestrator.Core.Reconcile;

/// <summary>Put the cleanup finalizer on the run before anything else is created for it.</summary>
public sealed record AddFinalizer : ReconcileAction;
