namespace Orchestrator.Api;

/// <summary>Annotation keys used between the controller, the agent and the CLI.</summary>
public static class Annotations
{
    /// <summary>On a pod, written by the agent: the newest committed checkpoint as JSON (<see cref="CheckpointStatus"/>).</summary>
    public const string LastCheckpoint = "orchestrator.dev/last-checkpoint";

    /// <summary>On a pod, written by the restore init container: what the gang restored, as JSON (<see cref="RestoreReport"/>).</summary>
    public const string Restored = "orchestrator.dev/restored";

    /// <summary>On a pod, written by the agent: the trainer's progress as JSON (<see cref="ProgressStatus"/> without eta/onTrack).</summary>
    public const string Progress = "orchestrator.dev/progress";

    /// <summary>On a pod, written by the controller: a save request id the agent passes to the trainer.</summary>
    public const string SaveRequest = "orchestrator.dev/save-request";

    /// <summary>On a pod, written by the agent: the save request id it has answered with a commit.</summary>
    public const string SaveCompleted = "orchestrator.dev/save-completed";

    /// <summary>On a pod, written by the controller: the periodic checkpoint interval in force.</summary>
    public const string CheckpointInterval = "orchestrator.dev/checkpoint-interval";

    /// <summary>On a TrainingRun, written by <c>trainctl resume</c>: restart a Failed run; the value is a request id.</summary>
    public const string RestartRequest = "orchestrator.dev/restart-request";
}
