using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using k8s.Models;
using Orchestrator.Api.Schema;

namespace Orchestrator.CrdGen;

/// <summary>Schemas for the KubernetesClient types the API embeds; they carry no attributes of ours.</summary>
internal static class ExternalSchemas
{
    public static bool TryGet(Type type, [NotNullWhen(true)] out JsonObject? schema)
    {
        schema = type switch
        {
            _ when type == typeof(V1PodTemplateSpec) => PodTemplate(),
            _ when type == typeof(V1LocalObjectReference) => LocalObjectReference(),
            _ when type == typeof(V1ObjectMeta) => new JsonObject { ["type"] = "object" },
            _ when type == typeof(V1Condition) => Condition(),
            _ => null,
        };
        return schema is not null;
    }

    private const string GpuRule =
        "!has(self.resources) || !has(self.resources.requests) || !('nvidia.com/gpu' in self.resources.requests) || " +
        "(has(self.resources.limits) && 'nvidia.com/gpu' in self.resources.limits && " +
        "string(self.resources.limits['nvidia.com/gpu']) == string(self.resources.requests['nvidia.com/gpu']))";

    // The worker pod template. Only what our own rules read is declared: containers with their
    // name, image and resources (the GPU rule), and the template's labels and annotations (declared
    // so they are not pruned). Everything else in a PodSpec (volumes, env, tolerations, ...) is kept
    // as written with x-kubernetes-preserve-unknown-fields: copying the whole core/v1 PodSpec schema
    // (thousands of lines) would tie the CRD to one Kubernetes version, and the API server validates
    // the full pod spec anyway when the controller creates the attempt's Job from this template.
    private static JsonObject PodTemplate() => new()
    {
        ["description"] = "The pod template every worker runs (a core/v1 PodTemplateSpec). The controller adds the restore init container, the checkpoint agent and the environment.",
        ["type"] = "object",
        ["x-kubernetes-preserve-unknown-fields"] = true,
        ["properties"] = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["properties"] = new JsonObject
                {
                    ["labels"] = StringMap(),
                    ["annotations"] = StringMap(),
                },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["required"] = new JsonArray("containers"),
                ["properties"] = new JsonObject
                {
                    ["containers"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["minItems"] = 1,
                        ["maxItems"] = 32,
                        ["items"] = Container(),
                    },
                },
            },
        },
    };

    private static JsonObject Container() => new()
    {
        ["type"] = "object",
        ["x-kubernetes-preserve-unknown-fields"] = true,
        ["required"] = new JsonArray("name", "image"),
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "string", ["maxLength"] = 63, ["pattern"] = Patterns.DnsLabel },
            ["image"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            ["resources"] = new JsonObject
            {
                ["type"] = "object",
                ["x-kubernetes-preserve-unknown-fields"] = true,
                ["properties"] = new JsonObject
                {
                    ["requests"] = QuantityMap(),
                    ["limits"] = QuantityMap(),
                },
            },
        },
        ["x-kubernetes-validations"] = new JsonArray(new JsonObject
        {
            ["rule"] = GpuRule,
            ["message"] = "a container that requests nvidia.com/gpu must set the same amount in limits",
            ["fieldPath"] = ".resources.limits",
        }),
    };

    private static JsonObject StringMap() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = "string" },
    };

    // As controller-gen writes resource.Quantity; maxLength bounds the CEL cost estimate of the GPU rule.
    private static JsonObject QuantityMap() => new()
    {
        ["type"] = "object",
        ["maxProperties"] = 64,
        ["additionalProperties"] = new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
            ["maxLength"] = 64,
            ["pattern"] = Patterns.Quantity,
            ["x-kubernetes-int-or-string"] = true,
        },
    };

    private static JsonObject LocalObjectReference() => new()
    {
        ["description"] = "A Secret in the run's namespace with credentials. Absent: the SDK's default chain (IRSA, workload identity).",
        ["type"] = "object",
        ["required"] = new JsonArray("name"),
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 253 },
        },
        ["x-kubernetes-map-type"] = "atomic",
    };

    // metav1.Condition, as every controller-gen CRD declares it.
    private static JsonObject Condition() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("lastTransitionTime", "message", "reason", "status", "type"),
        ["properties"] = new JsonObject
        {
            ["lastTransitionTime"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["message"] = new JsonObject { ["type"] = "string", ["maxLength"] = 32768 },
            ["observedGeneration"] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
            ["reason"] = new JsonObject { ["type"] = "string", ["maxLength"] = 1024, ["minLength"] = 1, ["pattern"] = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$" },
            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("True", "False", "Unknown") },
            ["type"] = new JsonObject { ["type"] = "string", ["maxLength"] = 316, ["pattern"] = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$" },
        },
    };
}
