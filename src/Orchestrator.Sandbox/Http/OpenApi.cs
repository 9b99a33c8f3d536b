using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// /openapi/v3 documents: per group-version paths whose PATCH operations declare <c>fieldValidation</c>
/// (so kubectl validates server-side instead of downloading the protobuf v2 document) and the CRD schemas
/// (for <c>kubectl explain</c>). Built-in types get an open schema: the sandbox does not carry Kubernetes' own.
/// </summary>
internal sealed class OpenApi(ResourceRegistry registry)
{
    private static readonly string[] WriteParameters = ["fieldValidation", "fieldManager", "dryRun", "force", "pretty"];

    public const string Title = "Orchestrator sandbox";
    public const string DocumentVersion = "v1";

    /// <summary>/openapi/v2 as JSON; <see cref="OpenApiV2Protobuf"/> writes the same document in protobuf.</summary>
    public static JsonObject V2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = Title, ["version"] = DocumentVersion },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    public JsonObject V3Root()
    {
        var paths = new JsonObject { ["api/v1"] = Ref("api/v1") };
        foreach (var t in registry.All.Where(t => t.Group.Length > 0).DistinctBy(t => (t.Group, t.Version)))
        {
            paths[$"apis/{t.Group}/{t.Version}"] = Ref($"apis/{t.Group}/{t.Version}");
        }

        return new JsonObject { ["paths"] = paths };
    }

    public JsonObject? V3GroupVersion(string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var schemaName = SchemaName(t);
            var prefix = t.Group.Length == 0 ? "/api/v1" : $"/apis/{t.Group}/{t.Version}";
            var collection = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}" : $"{prefix}/{t.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(t, "list", schemaName, []),
                ["post"] = Operation(t, "post", schemaName, WriteParameters),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(t, "get", schemaName, []),
                ["put"] = Operation(t, "put", schemaName, WriteParameters),
                ["patch"] = Operation(t, "patch", schemaName, WriteParameters),
                ["delete"] = Operation(t, "delete", schemaName, ["dryRun", "gracePeriodSeconds", "propagationPolicy"]),
            };
            if (t.HasStatus)
            {
                paths[collection + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation(t, "get", schemaName, []),
                    ["put"] = Operation(t, "put", schemaName, WriteParameters),
                    ["patch"] = Operation(t, "patch", schemaName, WriteParameters),
                };
            }

            var schema = t.Schema?.Root.DeepClone().AsObject() ?? new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{t.Kind} (the sandbox serves no schema for built-in types)",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(t));
            schemas[schemaName] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Orchestrator sandbox", ["version"] = version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(ResourceType t, string action, string schemaName, string[] parameters) => new()
    {
        ["operationId"] = $"{action}{t.Kind}",
        ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
        })]),
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" },
                    },
                },
            },
        },
        ["x-kubernetes-action"] = action,
        ["x-kubernetes-group-version-kind"] = Gvk(t),
    };

    private static JsonObject Gvk(ResourceType t) => new() { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };

    private static string SchemaName(ResourceType t)
    {
        var group = t.Group.Length == 0 ? "io.k8s.api.core" : string.Join('.', t.Group.Split('.').Reverse());
        return $"{group}.{t.Version}.{t.Kind}";
    }

    private static JsonObject Ref(string path) => new() { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash=sandbox" };
}
