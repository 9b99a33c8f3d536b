using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds, as apimachinery's strategicpatch applies it from the Go types' tags: a list
/// with a <c>patchMergeKey</c> merges item by item on that key (new items appended, <c>$patch: delete</c> removes one,
/// <c>$patch: replace</c> replaces the list), <c>finalizers</c> merges as a set (<c>$deleteFromPrimitiveList/finalizers</c>
/// removes values), every other list is replaced; maps merge with null deleting, <c>$patch: replace|delete</c> on a map,
/// <c>$retainKeys</c> keeps only the keys named; <c>$setElementOrder/*</c> (ordering hints kubectl sends) is dropped.
/// The merge keys are those of the core/v1, batch/v1 and meta/v1 types the sandbox serves.
/// </summary>
internal static class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";
    private const string SetElementOrder = "$setElementOrder/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["resourceClaims"] = "name",
        ["schedulingGates"] = "name",
        ["env"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["podIPs"] = "ip",
        ["hostIPs"] = "ip",
        ["ownerReferences"] = "uid",
    };

    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers" };

    private static readonly HashSet<string> ContainerLists = new(StringComparer.Ordinal) { "containers", "initContainers", "ephemeralContainers" };

    public static JsonObject Apply(JsonObject target, JsonObject patch) => MergeMap(target.DeepClone().AsObject(), patch, insideContainer: false);

    private static JsonObject MergeMap(JsonObject target, JsonObject patch, bool insideContainer)
    {
        if (patch[Directive] is JsonValue d && d.TryGetValue<string>(out var directive) && directive == "replace")
        {
            return Without(patch, Directive);
        }

        foreach (var (key, value) in patch)
        {
            if (key is Directive or RetainKeys || key.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveList.Length..];
                if (target[field] is JsonArray existing && value is JsonArray remove)
                {
                    var drop = remove.Select(r => r?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                    target[field] = new JsonArray([.. existing.Where(e => !drop.Contains(e?.ToJsonString())).Select(e => e?.DeepClone())]);
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject childPatch)
            {
                if (childPatch[Directive] is JsonValue cd && cd.TryGetValue<string>(out var childDirective) && childDirective == "delete")
                {
                    target.Remove(key);
                }
                else if (target[key] is JsonObject existing)
                {
                    Replace(target, key, existing, MergeMap(existing, childPatch, insideContainer));
                }
                else
                {
                    target[key] = MergeMap([], childPatch, insideContainer);
                }
            }
            else if (value is JsonArray listPatch)
            {
                target[key] = MergeList(target[key] as JsonArray, listPatch, key, insideContainer);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }

        return target;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string field, bool insideContainer)
    {
        if (PrimitiveSets.Contains(field))
        {
            var merged = new JsonArray([.. (target ?? []).Select(e => e?.DeepClone())]);
            var present = merged.Select(e => e?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
            foreach (var item in patch.Where(item => present.Add(item?.ToJsonString())))
            {
                merged.Add(item?.DeepClone());
            }

            return merged;
        }

        var mergeKey = field == "ports" ? (insideContainer ? "containerPort" : "port") : MergeKeys.GetValueOrDefault(field);
        if (mergeKey is null || patch.Any(item => item is JsonObject o && IsDirective(o, "replace")))
        {
            return new JsonArray([.. patch.Where(item => item is not JsonObject o || !IsDirective(o, "replace")).Select(item => item?.DeepClone())]);
        }

        var result = new JsonArray([.. (target ?? []).Select(e => e?.DeepClone())]);
        var childInsideContainer = insideContainer || ContainerLists.Contains(field);
        foreach (var item in patch)
        {
            if (item is not JsonObject itemPatch || itemPatch[mergeKey] is not { } keyValue)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var key = keyValue.ToJsonString();
            var index = IndexOf(result, mergeKey, key);
            if (IsDirective(itemPatch, "delete"))
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                var existing = result[index]!.AsObject();
                var merged = MergeMap(existing, itemPatch, childInsideContainer);
                if (!ReferenceEquals(merged, existing))
                {
                    result[index] = merged;
                }
            }
            else
            {
                result.Add(MergeMap([], itemPatch, childInsideContainer));
            }
        }

        return result;
    }

    // A merge changes the existing node in place; only a $patch: replace hands back a new one to put in its stead.
    private static void Replace(JsonObject parent, string key, JsonObject existing, JsonObject merged)
    {
        if (!ReferenceEquals(merged, existing))
        {
            parent[key] = merged;
        }
    }

    private static int IndexOf(JsonArray list, string mergeKey, string key)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && o[mergeKey]?.ToJsonString() == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsDirective(JsonObject obj, string directive) =>
        obj[Directive] is JsonValue v && v.TryGetValue<string>(out var s) && s == directive;

    private static JsonObject Without(JsonObject obj, string key)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove(key);
        return copy;
    }
}
