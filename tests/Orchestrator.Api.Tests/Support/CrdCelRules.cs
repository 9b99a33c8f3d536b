using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;

namespace Orchestrator.Api.Tests.Support;

/// <summary>
/// Evaluates the CRD's x-kubernetes-validations (CEL) rules over an object as the API server does:
/// each rule with <c>self</c> bound to the value at its schema node, failures reported at the
/// node's path plus the rule's fieldPath, as on a create (transition rules, which name <c>oldSelf</c>, are skipped).
/// Uses the Cel package (cel-net).
/// </summary>
internal static class CrdCelRules
{
    private static readonly CelEnvironment Environment = new(null, null);

    public static IReadOnlyList<string> Errors(JsonNode instance)
    {
        var errors = new List<string>();
        Walk(CrdSchema.OpenApiSchema(), instance, "", errors);
        return errors;
    }

    private static void Walk(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        foreach (var validation in schema["x-kubernetes-validations"]?.AsArray() ?? [])
        {
            var rule = (string)validation!["rule"]!;
            if (rule.Contains("oldSelf", StringComparison.Ordinal))
            {
                // A transition rule: the API server evaluates it only on update, against the old object. These checks are
                // of what a create accepts (transition rules are tested on update against the sandbox: SchemaValidationTests).
                continue;
            }

            var at = path + ((string?)validation["fieldPath"] ?? "");
            try
            {
                var result = Environment.Compile(rule).Invoke(new Dictionary<string, object?> { ["self"] = ToCel(value) });
                if (result is not true)
                {
                    errors.Add($"{at}: {validation["message"]}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The API server rejects an object whose rule cannot be evaluated (e.g. duration("1d")).
                errors.Add($"{at}: {validation["message"]} ({e.GetType().Name})");
            }
        }

        if (value is JsonObject obj)
        {
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                if (obj.TryGetPropertyValue(name, out var child))
                {
                    Walk(property!.AsObject(), child, path.Length == 0 ? name : $"{path}.{name}", errors);
                }
            }

            if (schema["additionalProperties"] is JsonObject additional)
            {
                foreach (var (key, child) in obj)
                {
                    Walk(additional, child, $"{path}[{key}]", errors);
                }
            }
        }
        else if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Walk(items, array[i], $"{path}[{i}]", errors);
            }
        }
    }

    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToCel(p.Value)),
        JsonArray a => a.Select(ToCel).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
