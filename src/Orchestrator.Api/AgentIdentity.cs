namespace Orchestrator.Api;

/// <summary>Who the checkpoint agent runs as: shared by the Job builder (Core) and the RBAC objects the controller creates.</summary>
public static class AgentIdentity
{
    /// <summary>The ServiceAccount of worker pods whose template names none, and the name of the agent's Role and RoleBinding.</summary>
    public const string ServiceAccount = "orchestrator-agent";
}
