using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>What one reconcile decided: the status to write (once), the actions to apply, and when to look again.</summary>
/// <param name="Actions">Idempotent cluster changes, in order.</param>
/// <param name="Status">The desired status; the caller writes it only when it differs from the current one.</param>
/// <param name="RequeueAfter">Look again after this long even without a watch event (timers: notice windows, periodic saves, policy re-evaluation).</param>
public sealed record ReconcileResult(TrainingRunStatus Status, IReadOnlyList<ReconcileAction> Actions, TimeSpan? RequeueAfter);
