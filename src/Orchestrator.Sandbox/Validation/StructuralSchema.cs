using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Http;
using Orchestrator.Sandbox.Json;

namespace Orchestrator.Sandbox.Validation;

/// <summary>
/// A CRD version's openAPIV3Schema applied as the API server does: prune unknown fields, apply defaults,
/// then validate (types, enums, bounds, patterns, required, list types, CEL rules) with Kubernetes field paths.
/// </summary>
internal sealed class StructuralSchema(JsonObject root)
{
    private static readonly string[] RootMetadataFields = ["apiVersion", "kind", "metadata"];
    private readonly SchemaNode _root = new(root);

    public JsonObject Root { get; } = root;

    /// <summary>Removes fields the schema does not declare; returns their paths.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        PruneObject(obj, _root, "", unknown, isRoot: true);
        return unknown;
    }

    public void ApplyDefaults(JsonObject obj) => Default(obj, _root, isRoot: true);

    public IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        foreach (var (key, schema) in _root.Properties)
        {
            if (!RootMetadataFields.Contains(key) && obj.TryGetPropertyValue(key, out var value))
            {
                Check(value, schema, key, old?[key], errors);
            }
        }

        foreach (var key in _root.Required.Where(k => !RootMetadataFields.Contains(k) && !obj.ContainsKey(k)))
        {
            errors.Add(FieldError.Required(key));
        }

        CheckRules(obj, _root, "", old, errors);
        return errors;
    }

    private static void PruneObject(JsonNode? node, SchemaNode schema, string path, List<string> unknown, bool isRoot = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (isRoot && RootMetadataFields.Contains(key))
                    {
                        continue;
                    }

                    var child = schema.Properties.GetValueOrDefault(key) ?? schema.AdditionalProperties;
                    if (child is null)
                    {
                        if (!schema.KeepsUnknownFields && !(schema.Type is null && schema.Properties.Count == 0))
                        {
                            obj.Remove(key);
                            unknown.Add(Join(path, key));
                        }

                        continue;
                    }

                    if (value is null && !child.Nullable)
                    {
                        obj.Remove(key);
                        continue;
                    }

                    PruneObject(value, child, Join(path, key), unknown);
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    PruneObject(array[i], items, $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    private static void Default(JsonNode? node, SchemaNode schema, bool isRoot = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in schema.Properties)
                {
                    if (isRoot && RootMetadataFields.Contains(key))
                    {
                        continue;
                    }

                    if (!obj.ContainsKey(key) && child.Default is not null)
                    {
                        obj[key] = child.Default.DeepClone();
                    }

                    Default(obj[key], child);
                }

                if (schema.AdditionalProperties is { } additional)
                {
                    foreach (var (key, value) in obj.ToList())
                    {
                        if (!schema.Properties.ContainsKey(key))
                        {
                            Default(value, additional);
                        }
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Default(item, items);
                }

                break;
        }
    }

    private static void Check(JsonNode? node, SchemaNode s, string path, JsonNode? old, List<FieldError> errors)
    {
        if (node is null)
        {
            if (!s.Nullable)
            {
                errors.Add(FieldError.TypeInvalid(path, "\"null\"", $"{path} in body must be of type {s.Type ?? "object"}: \"null\""));
            }

            return;
        }

        var actual = TypeOf(node);
        if (!TypeMatches(s, node, actual))
        {
            errors.Add(FieldError.TypeInvalid(path, $"\"{actual}\"", $"{path} in body must be of type {s.Type}: \"{actual}\""));
            return;
        }

        CheckValue(node, s, path, actual, errors);
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in s.Required.Where(k => !obj.ContainsKey(k)))
                {
                    errors.Add(FieldError.Required(Join(path, key)));
                }

                foreach (var (key, value) in obj)
                {
                    if (s.Properties.TryGetValue(key, out var child))
                    {
                        Check(value, child, Join(path, key), old?[key], errors);
                    }
                    else if (s.AdditionalProperties is { } additional)
                    {
                        Check(value, additional, $"{path}[{key}]", (old as JsonObject)?[key], errors);
                    }
                }

                break;
            case JsonArray array when s.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], items, $"{path}[{i}]", null, errors);
                }

                CheckListType(array, s, path, errors);
                break;
        }

        CheckRules(node, s, path, old, errors);
    }

    private static void CheckRules(JsonNode node, SchemaNode s, string path, JsonNode? old, List<FieldError> errors)
    {
        if (s.Rules.Count == 0)
        {
            return;
        }

        var haveOld = old is not null;
        foreach (var rule in s.Rules)
        {
            if (rule.IsTransition && !haveOld)
            {
                continue;
            }

            if (rule.Check(node, old) is { } failure)
            {
                var field = rule.FieldPath is { Length: > 0 } fp ? path + fp : path;
                var type = rule.Reason switch
                {
                    "FieldValueForbidden" => "FieldValueForbidden",
                    "FieldValueRequired" => "FieldValueRequired",
                    "FieldValueDuplicate" => "FieldValueDuplicate",
                    _ => "FieldValueInvalid",
                };
                errors.Add(new FieldError(type, field.TrimStart('.'), $"Invalid value: \"{TypeOf(node)}\": {failure}"));
            }
        }
    }

    private static void CheckValue(JsonNode node, SchemaNode s, string path, string actual, List<FieldError> errors)
    {
        if (s.Enum is { } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(FieldError.NotSupported(path, Show(node), allowed.Select(JsonNodes.ScalarText)));
        }

        if (actual is "integer" or "number" && node is JsonValue number)
        {
            var d = double.Parse(number.ToJsonString(JsonNodes.Compact), CultureInfo.InvariantCulture);
            if (s.Minimum is { } min && (s.ExclusiveMinimum ? d <= min : d < min))
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body should be greater than {(s.ExclusiveMinimum ? "" : "or equal to ")}{Show(min)}"));
            }

            if (s.Maximum is { } max && (s.ExclusiveMaximum ? d >= max : d > max))
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body should be less than {(s.ExclusiveMaximum ? "" : "or equal to ")}{Show(max)}"));
            }

            if (s.MultipleOf is { } m && m != 0 && Math.Abs(Math.IEEERemainder(d, m)) > 1e-9)
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body should be a multiple of {Show(m)}"));
            }

            if (s.Format == "int32" && (d < int.MinValue || d > int.MaxValue))
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body must be of type int32"));
            }
        }

        if (actual == "string" && node is JsonValue str)
        {
            var text = str.GetValue<string>();
            var length = new StringInfo(text).LengthInTextElements;
            if (s.MaxLength is { } maxLength && length > maxLength)
            {
                errors.Add(new FieldError("FieldValueTooLong", path, $"Too long: may not be more than {maxLength} bytes"));
            }

            if (s.MinLength is { } minLength && length < minLength)
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body should be at least {minLength} chars long"));
            }

            if (s.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body should match '{s.PatternText}'"));
            }

            if (s.Format == "date-time" && !IsDateTime(text))
            {
                errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body must be of type date-time: {Show(node)}"));
            }
        }

        if (node is JsonArray array)
        {
            if (s.MaxItems is { } maxItems && array.Count > maxItems)
            {
                errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {array.Count}: must have at most {maxItems} items"));
            }

            if (s.MinItems is { } minItems && array.Count < minItems)
            {
                errors.Add(FieldError.Invalid(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
            }
        }

        if (node is JsonObject obj)
        {
            if (s.MaxProperties is { } maxProps && obj.Count > maxProps)
            {
                errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {obj.Count}: must have at most {maxProps} items"));
            }

            if (s.MinProperties is { } minProps && obj.Count < minProps)
            {
                errors.Add(FieldError.Invalid(path, obj.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minProps} properties"));
            }
        }

        CheckBranches(node, s, path, actual, errors);
    }

    private static void CheckBranches(JsonNode node, SchemaNode s, string path, string actual, List<FieldError> errors)
    {
        List<FieldError> Run(SchemaNode branch)
        {
            var found = new List<FieldError>();
            if (branch.Type is null || TypeMatches(branch, node, actual))
            {
                CheckValue(node, branch, path, actual, found);
            }
            else
            {
                found.Add(FieldError.TypeInvalid(path, $"\"{actual}\"", $"{path} in body must be of type {branch.Type}: \"{actual}\""));
            }

            return found;
        }

        if (s.AnyOf.Count > 0)
        {
            var results = s.AnyOf.Select(Run).ToList();
            if (results.All(r => r.Count > 0))
            {
                errors.AddRange(results[0]);
            }
        }

        if (s.OneOf.Count > 0 && s.OneOf.Count(b => Run(b).Count == 0) != 1)
        {
            errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body must match exactly one schema in oneOf"));
        }

        foreach (var branch in s.AllOf)
        {
            errors.AddRange(Run(branch));
        }

        if (s.Not is { } not && Run(not).Count == 0)
        {
            errors.Add(FieldError.Invalid(path, Show(node), $"{path} in body must not validate the schema (not)"));
        }
    }

    private static void CheckListType(JsonArray array, SchemaNode s, string path, List<FieldError> errors)
    {
        if (s.ListType == "set")
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array.Take(i).Any(prior => JsonNode.DeepEquals(prior, array[i])))
                {
                    errors.Add(new FieldError("FieldValueDuplicate", $"{path}[{i}]", $"Duplicate value: {Show(array[i])}"));
                }
            }
        }
        else if (s.ListType == "map" && s.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var key = string.Join("\u0000", s.ListMapKeys.Select(k => array[i]?[k]?.ToJsonString(JsonNodes.Compact) ?? ""));
                if (!seen.Add(key))
                {
                    errors.Add(new FieldError("FieldValueDuplicate", $"{path}[{i}]", $"Duplicate value: {array[i]?.ToJsonString(JsonNodes.Compact)}"));
                }
            }
        }
    }

    private static bool TypeMatches(SchemaNode s, JsonNode node, string actual)
    {
        if (s.IntOrString)
        {
            return actual is "integer" or "string";
        }

        return s.Type switch
        {
            null or "" => true,
            "number" => actual is "number" or "integer",
            _ => s.Type == actual,
        };
    }

    private static string TypeOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => v.TryGetValue<long>(out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsDateTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T', StringComparison.OrdinalIgnoreCase);

    private static string Show(JsonNode? node) => node?.ToJsonString(JsonNodes.Compact) ?? "null";

    private static string Show(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
