namespace Orchestrator.Api;

public static class Finalizers
{
    /// <summary>Held on every TrainingRun so deletion stops its attempts before the object goes.</summary>
    public const string Run = "orchestrator.dev/cleanup";
}
