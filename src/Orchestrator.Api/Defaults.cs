namespace Orchestrator.Api;

/// <summary>Defaults the CRD schema applies; Core applies the same ones where no API server did.</summary>
public static class Defaults
{
    public const int Workers = 1;
    public const int MasterPort = 29500;
    public const int ProcessesPerWorker = 1;
    public const string LocalPath = "/checkpoints";
    public const string Interval = "auto";
    public const bool SaveOnNotice = true;
    public const string SaveTimeout = "5m";
    public const int Keep = 3;
    public const int MaxAppFailures = 3;
    public const string ChangeoverDelay = "12m";
    public const bool ReturnToSpot = true;
    public const CapacityType PreferredCapacity = CapacityType.Spot;

    /// <summary>The well-known zone label every cloud's nodes carry.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>The Deadline policy's algorithm; chosen by the simulator's numbers (docs/policies.md).</summary>
    public const DeadlineAlgorithm DeadlineAlgorithm = Api.DeadlineAlgorithm.UniformProgress;

    /// <summary>The fallback trigger when none is named: stay on the preferred capacity.</summary>
    public const FallbackPolicy FallbackPolicy = Api.FallbackPolicy.Never;
}
