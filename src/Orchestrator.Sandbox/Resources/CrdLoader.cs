using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Validation;

namespace Orchestrator.Sandbox.Resources;

/// <summary>Turns CustomResourceDefinition documents into served resource types.</summary>
internal static class CrdLoader
{
    public static IEnumerable<JsonObject> ReadDocuments(string yamlOrJson) =>
        YamlJson.ParseAll(yamlOrJson).OfType<JsonObject>().Where(d => JsonNodes.String(d, "kind") == "CustomResourceDefinition");

    public static IEnumerable<JsonObject> ReadDirectory(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal)
            .SelectMany(f => ReadDocuments(File.ReadAllText(f)));

    /// <summary>One type per served version; the storage version's objects are the ones kept.</summary>
    public static IReadOnlyList<ResourceType> ToTypes(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw new InvalidDataException("CustomResourceDefinition without spec");
        var names = spec["names"] as JsonObject ?? throw new InvalidDataException("CustomResourceDefinition without spec.names");
        var group = JsonNodes.String(spec, "group") ?? throw new InvalidDataException("CustomResourceDefinition without spec.group");
        var kind = JsonNodes.String(names, "kind") ?? throw new InvalidDataException("CustomResourceDefinition without spec.names.kind");
        var plural = JsonNodes.String(names, "plural") ?? kind.ToLowerInvariant() + "s";
        var result = new List<ResourceType>();
        foreach (var v in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (v["served"] is JsonValue served && !served.GetValue<bool>())
            {
                continue;
            }

            var schema = v["schema"]?["openAPIV3Schema"] as JsonObject;
            result.Add(new ResourceType
            {
                Group = group,
                Version = JsonNodes.String(v, "name") ?? "v1",
                Kind = kind,
                Plural = plural,
                Namespaced = JsonNodes.String(spec, "scope") != "Cluster",
                HasStatus = v["subresources"]?["status"] is not null,
                TracksGeneration = true,
                IsCustom = true,
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                PrinterColumns = Columns(v["additionalPrinterColumns"] as JsonArray),
                SelectableFields = [.. (v["selectableFields"] as JsonArray ?? []).Select(f => JsonNodes.String(f, "jsonPath")?.TrimStart('.') ?? "")],
                Schema = schema is null ? null : new StructuralSchema((JsonObject)schema.DeepClone()),
            });
        }

        return result;
    }

    private static List<string> Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(JsonNodes.ScalarText)];

    private static IReadOnlyList<PrinterColumn> Columns(JsonArray? columns)
    {
        if (columns is null || columns.Count == 0)
        {
            return [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")];
        }

        return [.. columns.OfType<JsonObject>().Select(c => new PrinterColumn(
            JsonNodes.String(c, "name") ?? "",
            JsonNodes.String(c, "type") ?? "string",
            JsonNodes.String(c, "jsonPath") ?? "",
            c["priority"] is JsonValue p && p.TryGetValue<int>(out var pr) ? pr : 0,
            JsonNodes.String(c, "format") ?? "",
            JsonNodes.String(c, "description") ?? ""))];
    }
}
