namespace Orchestrator.Api;

/// <summary>Label keys the controller sets or reads.</summary>
public static class Labels
{
    /// <summary>On every Job and pod of a run: the TrainingRun's name.</summary>
    public const string Run = "orchestrator.dev/run";

    /// <summary>On every Job and pod of a run: the attempt index.</summary>
    public const string Attempt = "orchestrator.dev/attempt";

    /// <summary>On every Job and pod: Spot or OnDemand.</summary>
    public const string Capacity = "orchestrator.dev/capacity";

    /// <summary>The run's label used for chargeback in metrics.</summary>
    public const string Team = "team";

    /// <summary>Kueue's queue label on a Job.</summary>
    public const string KueueQueueName = "kueue.x-k8s.io/queue-name";
}
