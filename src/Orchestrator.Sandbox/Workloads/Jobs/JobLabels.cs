namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>The label, annotation and finalizer names the real Job controller uses.</summary>
public static class JobLabels
{
    public const string JobName = "batch.kubernetes.io/job-name";
    public const string LegacyJobName = "job-name";
    public const string ControllerUid = "batch.kubernetes.io/controller-uid";
    public const string LegacyControllerUid = "controller-uid";
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";
}
