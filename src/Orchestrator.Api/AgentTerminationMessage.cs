namespace Orchestrator.Api;

/// <summary>
/// The agent's termination message (the kubelet copies it, up to 4096 bytes, into
/// <c>status.initContainerStatuses[].state.terminated.message</c>): a channel that needs no pod permission, so the agent
/// can say it lacks one. Written by the agent's access check, read by the controller (AgentAccessTracking).
/// </summary>
public static class AgentTerminationMessage
{
    /// <summary>First line of the message when a permission is missing; the rest names the verbs, resource and namespace.</summary>
    public const string ForbiddenPrefix = "AgentForbidden: ";

    /// <summary>The whole message when every permission is there.</summary>
    public const string Permitted = "AgentPermitted";
}
