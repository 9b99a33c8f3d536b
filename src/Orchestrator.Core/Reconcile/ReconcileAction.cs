namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Something the reconciler wants done in the cluster. Every action is idempotent when applied: names are
/// deterministic, AlreadyExists and NotFound are tolerated, so applying the same decision twice is harmless.
/// </summary>
public abstract record ReconcileAction;
