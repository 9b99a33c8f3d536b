using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Storage;

/// <summary>
/// An immutable stored version of an object: its serialized JSON plus what selectors, garbage collection
/// and deletion need, extracted once so that lists and watches never parse.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(ResourceType type, JsonObject obj, byte[] json)
    {
        var meta = JsonNodes.Metadata(obj);
        Type = type;
        Json = json;
        Name = JsonNodes.String(meta, "name") ?? "";
        Namespace = JsonNodes.String(meta, "namespace") ?? "";
        Uid = JsonNodes.String(meta, "uid") ?? "";
        ResourceVersion = long.Parse(JsonNodes.String(meta, "resourceVersion") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Labels = meta["labels"] is JsonObject labels
            ? labels.ToDictionary(p => p.Key, p => JsonNodes.ScalarText(p.Value), StringComparer.Ordinal)
            : Empty;
        Finalizers = meta["finalizers"] is JsonArray f ? [.. f.Select(x => JsonNodes.ScalarText(x))] : [];
        OwnerUids = meta["ownerReferences"] is JsonArray owners
            ? [.. owners.Select(o => JsonNodes.String(o, "uid") ?? "").Where(u => u.Length > 0)]
            : [];
        IsDeleting = meta["deletionTimestamp"] is not null;
        DeletionGracePeriodSeconds = meta["deletionGracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var grace) ? grace : 0;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = Name,
            ["metadata.namespace"] = Namespace,
        };
        foreach (var field in type.SelectableFields)
        {
            var path = field == "source" ? "source.component" : field;
            fields[field] = JsonNodes.ScalarText(JsonNodes.At(obj, path));
        }

        Fields = fields;
    }

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    public ResourceType Type { get; }

    public byte[] Json { get; }

    public string Name { get; }

    /// <summary>Empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    public string Key => StoreKey(Namespace, Name);

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public IReadOnlyList<string> Finalizers { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    public bool IsDeleting { get; }

    public long DeletionGracePeriodSeconds { get; }

    /// <summary>A fresh mutable copy.</summary>
    public JsonObject ToNode() => JsonNodes.ParseObject(Json);

    public static StoredObject From(ResourceType type, JsonObject obj) => new(type, obj, JsonNodes.ToBytes(obj));

    public static string StoreKey(string ns, string name) => ns + "/" + name;
}
