using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Reconcile;

/// <summary>How a live attempt that has not started says why it waits.</summary>
internal sealed partial class RunDecision
{
    /// <summary>
    /// An attempt Kueue admitted whose workers no node fits is not "waiting in the queue": on a real cluster that is
    /// how missing spot capacity (or a node selector no node carries) shows. The Running condition and one Warning
    /// Event carry the scheduler's message and what the capacity policy makes of it, so a run never looks Queued
    /// for no reason; the policy is looked at again when the unschedulable grace ends.
    /// </summary>
    private void SetRunningCondition(AttemptRecord current, bool started, UnschedulableWorkers? unschedulable, CapacityDecision decision)
    {
        if (started || unschedulable is null)
        {
            var waiting = PendingInKueue(current) is { Length: > 0 } pending
                ? Invariant($"Attempt {current.Index} waits for capacity; Kueue: {pending}")
                : Invariant($"Attempt {current.Index} waits for capacity.");
            Conditions.Set(_status.Conditions!, ConditionTypes.Running, started, started ? ConditionReasons.AttemptRunning : ConditionReasons.AttemptCreated,
                started ? Invariant($"Attempt {current.Index} is running.") : waiting, Generation, _now);
            return;
        }

        var workers = _spec.Workers == 1 ? "the worker is" : Invariant($"{unschedulable.Count} of {_spec.Workers} workers are");
        var message = Invariant($"Attempt {current.Index}: {workers} unschedulable on {Capacity(current.Capacity)} since {Time(unschedulable.Since)}: {unschedulable.Message}");
        var before = _status.Conditions!.FirstOrDefault(c => c.Type == ConditionTypes.Running)?.Reason;
        Conditions.Set(_status.Conditions!, ConditionTypes.Running, false, ConditionReasons.Unschedulable, message, Generation, _now);
        if (before != ConditionReasons.Unschedulable)
        {
            Publish(true, ConditionReasons.Unschedulable, $"{message} Capacity: {decision.Reason}");
        }

        if (current.Capacity == CapacityType.Spot && unschedulable.Since + _settings.UnschedulableGrace > _now)
        {
            RequeueAt(unschedulable.Since + _settings.UnschedulableGrace);
        }
    }
}
