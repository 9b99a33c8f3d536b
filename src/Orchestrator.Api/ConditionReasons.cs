namespace Orchestrator.Api;

/// <summary>Machine-readable reasons on conditions and Events.</summary>
public static class ConditionReasons
{
    public const string InvalidSpec = "InvalidSpec";
    public const string SpecAccepted = "SpecAccepted";
    public const string AttemptCreated = "AttemptCreated";
    public const string AttemptRunning = "AttemptRunning";

    /// <summary>The API server refused to create an attempt's Job (422 Invalid, 403 Forbidden, ...): its message says why.</summary>
    public const string JobRejected = "JobRejected";

    /// <summary>Kueue finished an attempt's Workload without the Job completing or failing (e.g. AdmissionChecksRejected).</summary>
    public const string WorkloadFinished = "WorkloadFinished";

    /// <summary>Kueue deactivated an attempt's Workload (Deactivated, DeactivatedDueTo&lt;Cause&gt;): not a preemption.</summary>
    public const string WorkloadDeactivated = "WorkloadDeactivated";

    /// <summary>Kueue admitted an attempt on a flavor of the other capacity type (cohort borrowing).</summary>
    public const string AdmittedOnOtherCapacity = "AdmittedOnOtherCapacity";

    /// <summary>Kueue admitted the attempt, but the scheduler finds no node for some of its workers.</summary>
    public const string Unschedulable = "Unschedulable";
    /// <summary>The agent's ServiceAccount may not watch or patch its own pod: save requests and checkpoint reports cannot pass.</summary>
    public const string AgentForbidden = "AgentForbidden";

    /// <summary>The agent reported that its ServiceAccount has every permission it needs.</summary>
    public const string AgentPermitted = "AgentPermitted";
    public const string PreemptionNotice = "PreemptionNotice";

    /// <summary>A notice that does not end the attempt (Karpenter's disrupted taint) was removed again with no eviction.</summary>
    public const string NoticeWithdrawn = "NoticeWithdrawn";
    public const string CheckpointRequested = "CheckpointRequested";
    public const string CheckpointCommitted = "CheckpointCommitted";
    public const string CheckpointRestored = "CheckpointRestored";
    public const string CheckpointSkipped = "CheckpointSkipped";
    public const string NothingRestored = "NothingRestored";
    public const string Preempted = "Preempted";
    public const string AppFailure = "AppFailure";
    public const string TooManyAppFailures = "TooManyAppFailures";
    public const string FallbackToOnDemand = "FallbackToOnDemand";
    public const string ReturnToSpot = "ReturnToSpot";
    public const string Suspended = "Suspended";
    public const string Resumed = "Resumed";
    public const string Completed = "Completed";
}
