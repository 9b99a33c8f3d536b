using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Turns what the restore init containers found about their own permissions (their termination message,
/// <see cref="AgentTerminationMessage"/>) into the <see cref="ConditionTypes.AgentAccess"/> condition, and a Warning
/// Event when it turns False: without pod watch and patch the agent can neither get save requests nor report
/// checkpoints, and on its own it would only say so in its log.
/// </summary>
internal static class AgentAccessTracking
{
    public static List<PublishEvent> Apply(IEnumerable<V1Pod> pods, IList<V1Condition> conditions, long? generation, DateTimeOffset now)
    {
        string? forbidden = null;
        var permitted = false;
        foreach (var message in pods.SelectMany(MessagesOf).OfType<string>())
        {
            if (message.StartsWith(AgentTerminationMessage.ForbiddenPrefix, StringComparison.Ordinal))
            {
                forbidden ??= message[AgentTerminationMessage.ForbiddenPrefix.Length..].Trim();
            }
            else if (message.Trim() == AgentTerminationMessage.Permitted)
            {
                permitted = true;
            }
        }

        if (forbidden is not null)
        {
            var text = $"{forbidden}: the controller's save requests cannot reach the agent and its checkpoints are not reported. Grant the Role in docs/install.md (Agent permissions).";
            return Conditions.Set(conditions, ConditionTypes.AgentAccess, false, ConditionReasons.AgentForbidden, text, generation, now)
                ? [new PublishEvent(true, ConditionReasons.AgentForbidden, text)]
                : [];
        }

        if (permitted)
        {
            Conditions.Set(conditions, ConditionTypes.AgentAccess, true, ConditionReasons.AgentPermitted, "The agent may watch and patch its own pod.", generation, now);
        }

        return [];
    }

    /// <summary>The restore container checks at start; the sidecar checks again when a watch or patch is refused (a Role changed mid-run) and its message shows once it ends.</summary>
    private static IEnumerable<string?> MessagesOf(V1Pod pod) =>
        (pod.Status?.InitContainerStatuses ?? [])
            .Where(s => s.Name is AttemptNames.RestoreContainer or AttemptNames.AgentContainer)
            .Select(s => s.State?.Terminated?.Message ?? s.LastState?.Terminated?.Message);
}
