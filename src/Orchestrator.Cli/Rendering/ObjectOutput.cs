using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Orchestrator.Cli.Rendering;

/// <summary>Writes API objects as JSON or YAML with KubernetesClient's own serializers, so output round-trips into kubectl.</summary>
public static class ObjectOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Json(object value) =>
        JsonNode.Parse(KubernetesJson.Serialize(value))!.ToJsonString(Indented);

    public static string Yaml(object value) => KubernetesYaml.Serialize(value);
}
