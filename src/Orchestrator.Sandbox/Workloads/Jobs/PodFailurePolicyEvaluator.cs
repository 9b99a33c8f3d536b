using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>Evaluates a Job's <c>podFailurePolicy</c> against a failed pod: the first matching rule wins.</summary>
internal static class PodFailurePolicyEvaluator
{
    public static PodFailureVerdict Evaluate(V1PodFailurePolicy? policy, V1Pod pod)
    {
        if (policy?.Rules is null)
        {
            return new PodFailureVerdict(PodFailureAction.Count, null);
        }

        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            var match = Matches(rule, pod);
            if (match is null)
            {
                continue;
            }

            var action = rule.Action switch
            {
                "Ignore" => PodFailureAction.Ignore,
                "FailJob" => PodFailureAction.FailJob,
                // FailIndex needs backoffLimitPerIndex, which the sandbox does not emulate: count it.
                _ => PodFailureAction.Count,
            };
            return new PodFailureVerdict(action, $"Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} {match} matching {rule.Action} rule at index {i}");
        }

        return new PodFailureVerdict(PodFailureAction.Count, null);
    }

    private static string? Matches(V1PodFailurePolicyRule rule, V1Pod pod)
    {
        if (rule.OnExitCodes is { } exitCodes)
        {
            return MatchExitCodes(exitCodes, pod);
        }

        if (rule.OnPodConditions is { Count: > 0 } patterns)
        {
            foreach (var pattern in patterns)
            {
                var wanted = string.IsNullOrEmpty(pattern.Status) ? "True" : pattern.Status;
                if (pod.Status?.Conditions?.Any(c => c.Type == pattern.Type && c.Status == wanted) == true)
                {
                    return $"has condition {pattern.Type}={wanted}";
                }
            }
        }

        return null;
    }

    private static string? MatchExitCodes(V1PodFailurePolicyOnExitCodesRequirement requirement, V1Pod pod)
    {
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);
        foreach (var status in statuses)
        {
            if (requirement.ContainerName is { } only && only != status.Name)
            {
                continue;
            }

            if (status.State?.Terminated?.ExitCode is not { } code || code == 0)
            {
                continue;
            }

            var inSet = requirement.Values?.Contains(code) == true;
            if (requirement.OperatorProperty == "NotIn" ? !inSet : inSet)
            {
                return $"failed with exit code {code} in container {status.Name}";
            }
        }

        return null;
    }
}
