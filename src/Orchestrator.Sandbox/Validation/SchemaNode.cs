using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Sandbox.Json;

namespace Orchestrator.Sandbox.Validation;

/// <summary>One node of a structural schema, read once from the CRD's openAPIV3Schema.</summary>
internal sealed class SchemaNode
{
    public SchemaNode(JsonObject s)
    {
        Type = JsonNodes.String(s, "type");
        Format = JsonNodes.String(s, "format");
        Nullable = Bool(s, "nullable");
        IntOrString = Bool(s, "x-kubernetes-int-or-string");
        PreserveUnknownFields = Bool(s, "x-kubernetes-preserve-unknown-fields");
        EmbeddedResource = Bool(s, "x-kubernetes-embedded-resource");
        ListType = JsonNodes.String(s, "x-kubernetes-list-type");
        ListMapKeys = [.. (s["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(JsonNodes.ScalarText)];
        Default = s["default"]?.DeepClone();
        Enum = s["enum"] as JsonArray;
        Required = [.. (s["required"] as JsonArray ?? []).Select(JsonNodes.ScalarText)];
        Properties = (s["properties"] as JsonObject ?? []).Where(p => p.Value is JsonObject)
            .ToDictionary(p => p.Key, p => new SchemaNode((JsonObject)p.Value!), StringComparer.Ordinal);
        Items = s["items"] is JsonObject items ? new SchemaNode(items) : null;
        AdditionalProperties = s["additionalProperties"] is JsonObject ap ? new SchemaNode(ap) : null;
        AllowsAnyAdditional = s["additionalProperties"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        AnyOf = Branches(s["anyOf"]);
        OneOf = Branches(s["oneOf"]);
        AllOf = Branches(s["allOf"]);
        Not = s["not"] is JsonObject not ? new SchemaNode(not) : null;
        Minimum = Number(s, "minimum");
        Maximum = Number(s, "maximum");
        ExclusiveMinimum = Bool(s, "exclusiveMinimum");
        ExclusiveMaximum = Bool(s, "exclusiveMaximum");
        MinLength = Integer(s, "minLength");
        MaxLength = Integer(s, "maxLength");
        MinItems = Integer(s, "minItems");
        MaxItems = Integer(s, "maxItems");
        MinProperties = Integer(s, "minProperties");
        MaxProperties = Integer(s, "maxProperties");
        MultipleOf = Number(s, "multipleOf");
        PatternText = JsonNodes.String(s, "pattern");
        Pattern = PatternText is null ? null : new Regex(PatternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        Rules = [.. (s["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new CelRule(
            JsonNodes.String(r, "rule") ?? "true", JsonNodes.String(r, "message"), JsonNodes.String(r, "fieldPath"), JsonNodes.String(r, "reason")))];
    }

    public string? Type { get; }

    public string? Format { get; }

    public bool Nullable { get; }

    public bool IntOrString { get; }

    public bool PreserveUnknownFields { get; }

    public bool EmbeddedResource { get; }

    public string? ListType { get; }

    public IReadOnlyList<string> ListMapKeys { get; }

    public JsonNode? Default { get; }

    public JsonArray? Enum { get; }

    public IReadOnlyList<string> Required { get; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; }

    public SchemaNode? Items { get; }

    public SchemaNode? AdditionalProperties { get; }

    public bool AllowsAnyAdditional { get; }

    public IReadOnlyList<SchemaNode> AnyOf { get; }

    public IReadOnlyList<SchemaNode> OneOf { get; }

    public IReadOnlyList<SchemaNode> AllOf { get; }

    public SchemaNode? Not { get; }

    public double? Minimum { get; }

    public double? Maximum { get; }

    public bool ExclusiveMinimum { get; }

    public bool ExclusiveMaximum { get; }

    public long? MinLength { get; }

    public long? MaxLength { get; }

    public long? MinItems { get; }

    public long? MaxItems { get; }

    public long? MinProperties { get; }

    public long? MaxProperties { get; }

    public double? MultipleOf { get; }

    public string? PatternText { get; }

    public Regex? Pattern { get; }

    public IReadOnlyList<CelRule> Rules { get; }

    /// <summary>Whether fields not in <see cref="Properties"/> are kept (otherwise pruned).</summary>
    public bool KeepsUnknownFields => PreserveUnknownFields || AdditionalProperties is not null || AllowsAnyAdditional;

    private static IReadOnlyList<SchemaNode> Branches(JsonNode? node) =>
        [.. (node as JsonArray ?? []).OfType<JsonObject>().Select(b => new SchemaNode(b))];

    private static bool Bool(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? Number(JsonObject s, string key) =>
        s[key] is JsonValue v && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static long? Integer(JsonObject s, string key) => s[key] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;
}
