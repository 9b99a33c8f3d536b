using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using Orchestrator.Api.Schema;

namespace Orchestrator.CrdGen;

/// <summary>
/// Turns a C# type into a structural OpenAPI v3 schema: JSON names from <see cref="JsonPropertyNameAttribute"/>,
/// enums from the C# enums, descriptions from the XML docs, and validation from the attributes in Orchestrator.Api.Schema.
/// </summary>
internal sealed class SchemaBuilder(XmlDocs docs)
{
    private static readonly string[] LeadingKeys = ["description", "type"];

    public JsonObject Build(Type type) => Reorder(ForType(type));

    private JsonObject ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ExternalSchemas.TryGet(type, out var external))
        {
            return external;
        }

        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(double))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type.IsEnum)
        {
            var schema = WithDescription(new JsonObject { ["type"] = "string" }, docs.Of(type));
            schema["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]);
            return schema;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
        {
            var item = type.GetGenericArguments()[0];
            var list = new JsonObject { ["type"] = "array", ["items"] = ForType(item) };
            if (item == typeof(V1Condition))
            {
                // As metav1.Condition lists are everywhere: one entry per type, merged by type on patch.
                list["x-kubernetes-list-type"] = "map";
                list["x-kubernetes-list-map-keys"] = new JsonArray("type");
            }

            return list;
        }

        if (type.IsClass && type.Namespace == typeof(Api.ApiGroup).Namespace)
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"no schema mapping for {type.FullName}: add one to {nameof(SchemaBuilder)} or {nameof(ExternalSchemas)}");
    }

    private JsonObject ForObject(Type type)
    {
        var schema = WithDescription(new JsonObject { ["type"] = "object" }, docs.Of(type));
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{property.Name} has no [JsonPropertyName]");
            properties[name] = ForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        AddRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private JsonObject ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType);
        var description = docs.Of(property);
        if (description is not null)
        {
            // The property's own summary says more about its role than its type's does.
            schema.Remove("description");
            schema = WithDescription(schema, description);
        }

        schema = Reorder(schema);

        var isArray = (string?)schema["type"] == "array";
        var isInteger = (string?)schema["type"] == "integer";
        if (property.GetCustomAttribute<DefaultAttribute>() is { } @default)
        {
            schema["default"] = DefaultValue(@default);
        }

        if (property.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema["minimum"] = isInteger ? JsonValue.Create((long)minimum.Value) : JsonValue.Create(minimum.Value);
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            schema[isArray ? "maxItems" : "maxLength"] = maxLength.Value;
        }

        if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            schema["pattern"] = pattern.Value;
        }

        if (property.GetCustomAttribute<ListSetAttribute>() is not null)
        {
            schema["x-kubernetes-list-type"] = "set";
        }

        AddRules(schema, property.GetCustomAttributes<CelRuleAttribute>());
        return schema;
    }

    private static JsonNode DefaultValue(DefaultAttribute attribute)
    {
        if (attribute.Value is DefaultAttribute.Empty)
        {
            return new JsonObject();
        }

        JsonNode scalar = attribute.Value switch
        {
            Enum e => JsonValue.Create(e.ToString()),
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            _ => throw new NotSupportedException($"default of type {attribute.Value.GetType()}"),
        };
        return attribute.AsList ? new JsonArray(scalar) : scalar;
    }

    private static void AddRules(JsonObject schema, IEnumerable<CelRuleAttribute> rules)
    {
        foreach (var rule in rules)
        {
            if (schema["x-kubernetes-validations"] is not JsonArray validations)
            {
                validations = [];
                schema["x-kubernetes-validations"] = validations;
            }

            var validation = new JsonObject { ["rule"] = rule.Rule, ["message"] = rule.Message };
            if (rule.FieldPath is not null)
            {
                validation["fieldPath"] = rule.FieldPath;
            }

            validations.Add(validation);
        }
    }

    private static JsonObject WithDescription(JsonObject schema, string? description)
    {
        if (description is not null)
        {
            schema["description"] = description;
        }

        return schema;
    }

    // Keeps "description" and "type" first, so the YAML reads like controller-gen's.
    private static JsonObject Reorder(JsonObject schema)
    {
        var ordered = new JsonObject();
        foreach (var key in LeadingKeys.Concat(schema.Select(p => p.Key)).Distinct().ToList())
        {
            if (schema.TryGetPropertyValue(key, out var value))
            {
                schema.Remove(key);
                ordered[key] = value;
            }
        }

        return ordered;
    }
}
