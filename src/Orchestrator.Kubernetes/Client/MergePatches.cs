using System.Text.Json.Nodes;
using k8s.Models;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// JSON merge patch bodies (RFC 7386) for metadata, to pass to any <c>Patch...Async</c> call. A null value removes
/// the key. With <c>resourceVersion</c>, the server applies the patch only to that version (409 otherwise).
/// </summary>
public static class MergePatches
{
    /// <summary>Sets (or with a null value removes) labels.</summary>
    public static V1Patch Labels(IReadOnlyDictionary<string, string?> labels, string? resourceVersion = null) =>
        Metadata(labels, null, resourceVersion);

    /// <summary>Sets (or with a null value removes) annotations.</summary>
    public static V1Patch Annotations(IReadOnlyDictionary<string, string?> annotations, string? resourceVersion = null) =>
        Metadata(null, annotations, resourceVersion);

    /// <summary>Sets (or with a null value removes) labels and annotations in one patch.</summary>
    public static V1Patch Metadata(IReadOnlyDictionary<string, string?>? labels, IReadOnlyDictionary<string, string?>? annotations, string? resourceVersion = null)
    {
        var metadata = new JsonObject();
        if (labels is not null)
        {
            metadata["labels"] = ToJson(labels);
        }

        if (annotations is not null)
        {
            metadata["annotations"] = ToJson(annotations);
        }

        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new V1Patch(new JsonObject { ["metadata"] = metadata }.ToJsonString(), V1Patch.PatchType.MergePatch);
    }

    /// <summary>
    /// Replaces <c>metadata.finalizers</c> with <paramref name="finalizers"/> (a merge patch replaces lists whole), only
    /// if the object is still at <paramref name="resourceVersion"/>, so a concurrent change to the list is a 409
    /// rather than lost. Build the list from the object read at that version, plus or minus your finalizer.
    /// </summary>
    public static V1Patch Finalizers(IEnumerable<string> finalizers, string resourceVersion)
    {
        var list = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        var metadata = new JsonObject { ["finalizers"] = list, ["resourceVersion"] = resourceVersion };
        return new V1Patch(new JsonObject { ["metadata"] = metadata }.ToJsonString(), V1Patch.PatchType.MergePatch);
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string?> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values)
        {
            json[key] = value is null ? null : JsonValue.Create(value);
        }

        return json;
    }
}
