namespace Orchestrator.Core.Reconcile;

/// <summary>Delete an attempt's Job and its pods (background propagation); NotFound means it is already gone.</summary>
public sealed record DeleteJob(string Name) : ReconcileAction;
