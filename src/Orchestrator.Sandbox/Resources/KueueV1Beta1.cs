using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Resources;

/// <summary>
/// Kueue's kueue.x-k8s.io/v1beta1, served beside the stored v1beta2 with Kueue's own conversions
/// (apis/kueue/v1beta1/*_conversion.go): ClusterQueue <c>cohort</c> ↔ <c>cohortName</c>, <c>admissionChecks</c> →
/// <c>admissionChecksStrategy</c>, flavorFungibility <c>Borrow</c>/<c>Preempt</c> → <c>MayStopSearch</c>; LocalQueue
/// status <c>flavorUsage</c> ↔ <c>flavorsUsage</c>; Workload <c>priorityClassSource</c>+<c>priorityClassName</c> ↔
/// <c>priorityClassRef</c> and the misspelt <c>accumulatedPastExexcutionTimeSeconds</c>. ResourceFlavor is unchanged.
/// </summary>
internal static class KueueV1Beta1
{
    public const string Version = "v1beta1";
    private const string StoredApiVersion = BuiltInResources.KueueGroup + "/v1beta2";
    private const string ServedApiVersion = BuiltInResources.KueueGroup + "/" + Version;

    // v1beta1's priorityClassSource values and the v1beta2 (group, kind) they become.
    private static readonly (string Source, string Group, string Kind)[] PrioritySources =
    [
        ("kueue.x-k8s.io/workloadpriorityclass", "kueue.x-k8s.io", "WorkloadPriorityClass"),
        ("scheduling.k8s.io/priorityclass", "scheduling.k8s.io", "PriorityClass"),
    ];

    public static IReadOnlyList<ResourceType> Types { get; } =
    [
        Served(BuiltInResources.Workloads, WorkloadToStored, WorkloadFromStored),
        Served(BuiltInResources.LocalQueues, LocalQueueToStored, LocalQueueFromStored),
        Served(BuiltInResources.ClusterQueues, ClusterQueueToStored, ClusterQueueFromStored),
        Served(BuiltInResources.ResourceFlavors, Unchanged, Unchanged),
    ];

    private static ResourceType Served(ResourceType stored, Action<JsonObject> toStored, Action<JsonObject> fromStored) => stored with
    {
        Version = Version,
        StoredAs = stored,
        Conversion = new VersionConversion(
            o => { toStored(o); o["apiVersion"] = StoredApiVersion; return o; },
            o => { fromStored(o); o["apiVersion"] = ServedApiVersion; return o; }),
    };

    private static void Unchanged(JsonObject flavor)
    {
        // ResourceFlavor's fields are the same in both versions.
    }

    private static void ClusterQueueToStored(JsonObject queue)
    {
        if (queue["spec"] is not JsonObject spec)
        {
            return;
        }

        Rename(spec, "cohort", "cohortName");
        if (spec["admissionChecks"] is JsonArray checks)
        {
            spec.Remove("admissionChecks");
            if (checks.Count > 0 && spec["admissionChecksStrategy"] is null)
            {
                spec["admissionChecksStrategy"] = new JsonObject
                {
                    ["admissionChecks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject { ["name"] = c?.DeepClone() })]),
                };
            }
        }

        if (spec["flavorFungibility"] is JsonObject fungibility)
        {
            // v1beta2 dropped Borrow and Preempt for the one value both meant.
            Replace(fungibility, "whenCanBorrow", "Borrow", "MayStopSearch");
            Replace(fungibility, "whenCanPreempt", "Preempt", "MayStopSearch");
        }
    }

    private static void ClusterQueueFromStored(JsonObject queue)
    {
        if (queue["spec"] is JsonObject spec)
        {
            Rename(spec, "cohortName", "cohort");
        }
    }

    private static void LocalQueueToStored(JsonObject queue)
    {
        if (queue["status"] is JsonObject status)
        {
            Rename(status, "flavorUsage", "flavorsUsage");
        }
    }

    private static void LocalQueueFromStored(JsonObject queue)
    {
        if (queue["status"] is JsonObject status)
        {
            Rename(status, "flavorsUsage", "flavorUsage");
        }
    }

    private static void WorkloadToStored(JsonObject workload)
    {
        if (workload["spec"] is JsonObject spec)
        {
            var source = spec["priorityClassSource"]?.GetValue<string>();
            var name = spec["priorityClassName"]?.GetValue<string>();
            spec.Remove("priorityClassSource");
            spec.Remove("priorityClassName");
            if (name is not null && PrioritySources.FirstOrDefault(p => p.Source == source) is { Group: not null } known)
            {
                spec["priorityClassRef"] = new JsonObject { ["group"] = known.Group, ["kind"] = known.Kind, ["name"] = name };
            }
        }

        if (workload["status"] is JsonObject status)
        {
            Rename(status, "accumulatedPastExexcutionTimeSeconds", "accumulatedPastExecutionTimeSeconds");
        }
    }

    private static void WorkloadFromStored(JsonObject workload)
    {
        if (workload["spec"] is JsonObject spec && spec["priorityClassRef"] is JsonObject reference)
        {
            spec.Remove("priorityClassRef");
            var group = reference["group"]?.GetValue<string>();
            var kind = reference["kind"]?.GetValue<string>();
            if (PrioritySources.FirstOrDefault(p => p.Group == group && p.Kind == kind) is { Source: not null } known)
            {
                spec["priorityClassSource"] = known.Source;
                spec["priorityClassName"] = reference["name"]?.DeepClone();
            }
        }

        if (workload["status"] is JsonObject status)
        {
            Rename(status, "accumulatedPastExecutionTimeSeconds", "accumulatedPastExexcutionTimeSeconds");
        }
    }

    private static void Rename(JsonObject obj, string from, string to)
    {
        if (obj.Remove(from, out var value) && value is not null)
        {
            obj[to] = value;
        }
    }

    private static void Replace(JsonObject obj, string property, string oldValue, string newValue)
    {
        if (obj[property] is JsonValue v && v.TryGetValue<string>(out var s) && s == oldValue)
        {
            obj[property] = newValue;
        }
    }
}
