using System.Text.RegularExpressions;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>The downward API field paths a <c>fieldRef</c> may name.</summary>
internal static partial class FieldPaths
{
    public static string Resolve(V1Pod pod, string fieldPath)
    {
        var match = MapEntry().Match(fieldPath);
        if (match.Success)
        {
            var map = match.Groups["map"].Value == "labels" ? pod.Metadata.Labels : pod.Metadata.Annotations;
            return map?.TryGetValue(match.Groups["key"].Value, out var value) == true ? value : string.Empty;
        }

        return fieldPath switch
        {
            "metadata.name" => pod.Metadata.Name,
            "metadata.namespace" => pod.Metadata.NamespaceProperty,
            "metadata.uid" => pod.Metadata.Uid,
            "spec.nodeName" => pod.Spec.NodeName ?? string.Empty,
            "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "default",
            "status.podIP" or "status.podIPs" or "status.hostIP" or "status.hostIPs" => ProcessKubelet.PodIp,
            _ => throw new InvalidOperationException($"fieldRef.fieldPath '{fieldPath}' is not supported"),
        };
    }

    [GeneratedRegex(@"^metadata\.(?<map>labels|annotations)\['(?<key>[^']+)'\]$")]
    private static partial Regex MapEntry();
}
