using k8s.Models;

namespace Orchestrator.Core.Reconcile;

/// <summary>
/// Pins a spot attempt's pods to one zone with a required node affinity term. Kueue only picks a flavor whose node
/// labels satisfy the pod's required affinity, so the attempt lands on that zone's flavor and quota.
/// </summary>
public static class ZoneAffinity
{
    public static void Apply(V1PodSpec pod, string label, string zone)
    {
        var requirement = new V1NodeSelectorRequirement { Key = label, OperatorProperty = "In", Values = [zone] };
        pod.Affinity ??= new V1Affinity();
        pod.Affinity.NodeAffinity ??= new V1NodeAffinity();
        var required = pod.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        required.NodeSelectorTerms ??= [];
        if (required.NodeSelectorTerms.Count == 0)
        {
            required.NodeSelectorTerms.Add(new V1NodeSelectorTerm());
        }

        // Terms are ORed and expressions within a term ANDed: the zone joins every term the user wrote.
        foreach (var term in required.NodeSelectorTerms)
        {
            term.MatchExpressions = [.. (term.MatchExpressions ?? []).Where(e => e.Key != label), requirement];
        }
    }
}
