using Orchestrator.Api;
using Orchestrator.Core.Cost;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Reconcile;

/// <summary>What Kueue says of the live attempt's Workload: where it admitted it, and whether it gave up on it.</summary>
internal sealed partial class RunDecision
{
    private KueueWorkloadState? WorkloadOf(string jobName) =>
        _snapshot.Workloads is { } workloads && workloads.TryGetValue(jobName, out var state) ? state : null;

    /// <summary>
    /// Records the flavor Kueue assigned the attempt's GPUs (or its first resource). A spot-queue attempt that Kueue
    /// placed on an on-demand flavor by borrowing in the cohort runs, and is billed, as on-demand.
    /// </summary>
    private void RecordAdmission(AttemptRecord current, string jobName)
    {
        if (WorkloadOf(jobName)?.Flavors is not { Count: > 0 } flavors)
        {
            return;
        }

        var flavor = flavors.TryGetValue(GpuCount.Resource, out var gpu) ? gpu : flavors.OrderBy(kv => kv.Key, StringComparer.Ordinal).First().Value;
        if (current.Flavor == flavor)
        {
            return;
        }

        current.Flavor = flavor;
        current.AdmittedCapacity = OnDemandPinning.AdmittedCapacity(_snapshot.Kueue, _run.Metadata.NamespaceProperty ?? "default", _spec.Queues, current.Capacity, flavor);
        if (current.AdmittedCapacity is { } actual)
        {
            Publish(true, ConditionReasons.AdmittedOnOtherCapacity, Invariant($"Attempt {current.Index} on queue {current.Queue} was admitted by Kueue on flavor {flavor}: it runs and is costed as {Capacity(actual)}."));
        }
    }

    /// <summary>
    /// Kueue finished the Workload although the Job neither completed nor failed (an admission check rejected it, say):
    /// it will never admit it, so waiting would show Queued forever. The run fails with Kueue's reason and message;
    /// <c>trainctl resume</c> starts a new attempt once the cause is fixed.
    /// </summary>
    private bool FinishedByKueue(AttemptRecord current, AttemptView view)
    {
        if (view.Failed || WorkloadOf(current.JobName)?.Finished is not { } finished || finished.Reason == "Succeeded")
        {
            return false;
        }

        // Ended here rather than through EndAttempt, which would start the next attempt straight into the same refusal.
        current.EndTime = _now;
        current.EndReason = AttemptEndReason.Unknown;
        current.Evidence = [$"workload: finished by Kueue ({finished.Reason}){(finished.Message is null ? "" : ": " + finished.Message)}"];
        current.LostWorkSeconds = 0;
        _actions.Add(new DeleteJob(current.JobName));
        Conditions.Set(_status.Conditions!, ConditionTypes.Running, false, ConditionReasons.WorkloadFinished, Invariant($"Attempt {current.Index} ended: Kueue finished its workload ({finished.Reason})."), Generation, _now);
        Fail(ConditionReasons.WorkloadFinished, Invariant($"Kueue finished the workload of attempt {current.Index} without running it ({finished.Reason}): {finished.Message ?? "no message"}. Fix the cause, then trainctl resume."));
        return true;
    }

    /// <summary>A deactivated Workload (spec.active false, e.g. the requeuing limit) is not a preemption: say what Kueue did.</summary>
    private void ReportDeactivation(AttemptRecord current, KueueEviction? eviction)
    {
        if (eviction is not null && KueueEvictionReasons.IsDeactivation(eviction.Reason, _settings.Classification.SuspendEvictionReasons))
        {
            Publish(true, ConditionReasons.WorkloadDeactivated, Invariant($"Kueue deactivated the workload of attempt {current.Index} ({eviction.Reason}): {eviction.Message ?? "no message"}. Not counted as a preemption; the next attempt gets a new workload."));
        }
    }

    /// <summary>Kueue's reason for not admitting the attempt yet, for the Running condition.</summary>
    private string? PendingInKueue(AttemptRecord current) => WorkloadOf(current.JobName)?.PendingMessage;
}
