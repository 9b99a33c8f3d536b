namespace Orchestrator.Api;

/// <summary>Condition types in <c>status.conditions</c>.</summary>
public static class ConditionTypes
{
    /// <summary>True while an attempt's workers are all running.</summary>
    public const string Running = "Running";

    /// <summary>True once a checkpoint has been committed.</summary>
    public const string Checkpointed = "Checkpointed";

    /// <summary>True while a preemption notice is being handled.</summary>
    public const string Disrupted = "Disrupted";

    /// <summary>True when the run runs on a capacity type other than the one it prefers.</summary>
    public const string FellBack = "FellBack";

    /// <summary>False when the spec is invalid (reason InvalidSpec).</summary>
    public const string SpecValid = "SpecValid";

    /// <summary>False when the agent reported that its ServiceAccount lacks a permission it needs (reason AgentForbidden).</summary>
    public const string AgentAccess = "AgentAccess";

    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";
}
