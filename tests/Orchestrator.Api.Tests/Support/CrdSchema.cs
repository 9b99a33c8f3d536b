using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Orchestrator.CrdGen;

namespace Orchestrator.Api.Tests.Support;

/// <summary>
/// The checked-in CRD's openAPIV3Schema as a JSON Schema (2020-12) for JsonSchema.Net. Kubernetes
/// extensions are dropped (CEL rules are checked by Core and by the sandbox), objects without
/// x-kubernetes-preserve-unknown-fields reject unknown fields as kubectl's strict field validation
/// does, and int32/int64 formats (annotations only) are removed.
/// </summary>
internal static class CrdSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static IReadOnlyList<string> Errors(JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });
        if (result.IsValid)
        {
            return [];
        }

        return [.. (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    public static JsonObject OpenApiSchema()
    {
        var crd = YamlToJson.Documents(File.ReadAllText(Repo.PathOf(CrdFile.RelativePath))).Single();
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    }

    private static JsonSchema Load()
    {
        var schema = Convert(OpenApiSchema());
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        return JsonSchema.FromText(schema.ToJsonString());
    }

    private static JsonObject Convert(JsonObject openApi)
    {
        var result = new JsonObject();
        foreach (var (key, value) in openApi)
        {
            switch (key)
            {
                case var _ when key.StartsWith("x-kubernetes-", StringComparison.Ordinal):
                    break;
                case "format" when (string?)value is "int32" or "int64":
                    break;
                case "properties":
                    result[key] = new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value!.AsObject()))));
                    break;
                case "items" or "additionalProperties" when value is JsonObject nested:
                    result[key] = Convert(nested);
                    break;
                case "anyOf" or "allOf" or "oneOf":
                    result[key] = new JsonArray([.. value!.AsArray().Select(s => (JsonNode)Convert(s!.AsObject()))]);
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        var preserves = openApi["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (openApi.ContainsKey("properties") && !preserves && !openApi.ContainsKey("additionalProperties"))
        {
            result["additionalProperties"] = false;
        }

        return result;
    }
}
