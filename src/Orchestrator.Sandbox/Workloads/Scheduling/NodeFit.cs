using System.Globalization;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>
/// The scheduler's filters: node readiness, cordon, nodeSelector, required node affinity, taints
/// vs tolerations and resources. Each returns the reason text kube-scheduler would report.
/// </summary>
internal static class NodeFit
{
    public const string NotReady = "node(s) were not ready";
    public const string Cordoned = "node(s) were unschedulable";
    public const string SelectorMismatch = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>Returns null when the pod fits, else why not.</summary>
    public static string? Check(V1Pod pod, V1Node node, Dictionary<string, decimal> used)
    {
        if (node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { Status: not "True" })
        {
            return NotReady;
        }

        if (node.Spec?.Unschedulable == true)
        {
            return Cordoned;
        }

        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        if (!MatchesSelector(pod.Spec.NodeSelector, labels) || !MatchesAffinity(pod.Spec.Affinity?.NodeAffinity, labels))
        {
            return SelectorMismatch;
        }

        if (UntoleratedTaint(pod.Spec.Tolerations, node.Spec?.Taints) is { } taint)
        {
            return $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
        }

        return Insufficient(PodResources.RequestsOf(pod), PodResources.AllocatableOf(node), used);
    }

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.OperatorProperty == "Exists";
        }

        if (toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty == "Exists" || (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty);
    }

    private static V1Taint? UntoleratedTaint(IList<V1Toleration>? tolerations, IList<V1Taint>? taints) =>
        taints?.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !(tolerations ?? []).Any(tol => Tolerates(tol, t)));

    private static bool MatchesSelector(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is null || selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);

    private static bool MatchesAffinity(V1NodeAffinity? affinity, IDictionary<string, string> labels)
    {
        var terms = affinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null || terms.Count == 0)
        {
            return true;
        }

        // Terms are ORed; the expressions of one term are ANDed.
        return terms.Any(term => (term.MatchExpressions ?? []).All(e => Matches(e, labels)));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => has && values.Contains(value),
            "NotIn" => !has || !values.Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && Compare(value, values) > 0,
            "Lt" => has && Compare(value, values) < 0,
            _ => false,
        };
    }

    private static int Compare(string? value, IList<string> values) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var left)
        && values.Count == 1
        && long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var right)
            ? left.CompareTo(right)
            : 0;

    private static string? Insufficient(Dictionary<string, decimal> requests, Dictionary<string, decimal> allocatable, Dictionary<string, decimal> used)
    {
        foreach (var (name, amount) in requests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (amount <= 0 || (name == PodResources.Pods && !allocatable.ContainsKey(name)))
            {
                continue;
            }

            var free = allocatable.GetValueOrDefault(name) - used.GetValueOrDefault(name);
            if (amount > free)
            {
                return $"Insufficient {name}";
            }
        }

        return null;
    }
}
