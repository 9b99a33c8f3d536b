using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Http;

/// <summary>The meta.k8s.io/v1 Table answer kubectl asks for, with kubectl-like columns for built-ins and printer columns for CRDs.</summary>
internal static class TableWriter
{
    public static bool Wants(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    public static JsonObject Table(ResourceType type, IReadOnlyList<StoredObject> items, DateTimeOffset now, string includeObject)
    {
        var columns = Columns(type);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var obj = item.ToNode();
            var cells = new JsonArray { item.Name };
            foreach (var cell in Cells(type, columns, obj, now))
            {
                cells.Add(cell);
            }

            var row = new JsonObject { ["cells"] = cells };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj,
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                },
            };
            rows.Add(row);
        }

        var definitions = new JsonArray
        {
            new JsonObject
            {
                ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["priority"] = 0,
                ["description"] = "Name must be unique within a namespace.",
            },
        };
        foreach (var c in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type == "date" ? "string" : c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static IReadOnlyList<PrinterColumn> Columns(ResourceType type)
    {
        if (type.PrinterColumns is { } custom)
        {
            return custom;
        }

        var age = new PrinterColumn("Age", "date", ".metadata.creationTimestamp");
        return type.Kind switch
        {
            "Pod" when type.Group.Length == 0 =>
            [
                new("Ready", "string", "", Description: "The aggregate readiness state of this pod for accepting traffic."),
                new("Status", "string", "", Description: "The aggregate status of the containers in this pod."),
                new("Restarts", "string", "", Description: "The number of times the containers in this pod have been restarted."),
                age,
                new("IP", "string", ".status.podIP", Priority: 1),
                new("Node", "string", ".spec.nodeName", Priority: 1),
            ],
            "Node" =>
            [
                new("Status", "string", ""),
                new("Roles", "string", ""),
                age,
                new("Version", "string", ".status.nodeInfo.kubeletVersion"),
            ],
            "Namespace" => [new("Status", "string", ".status.phase"), age],
            "ConfigMap" => [new("Data", "integer", ""), age],
            "Secret" => [new("Type", "string", ".type"), new("Data", "integer", ""), age],
            "Event" when type.Group.Length == 0 =>
            [
                new("Last Seen", "string", ""),
                new("Type", "string", ".type"),
                new("Reason", "string", ".reason"),
                new("Object", "string", ""),
                new("Message", "string", ".message"),
            ],
            "Job" => [new("Status", "string", ""), new("Completions", "string", ""), new("Duration", "string", ""), age],
            "Lease" => [new("Holder", "string", ".spec.holderIdentity"), age],
            _ => [age],
        };
    }

    private static IEnumerable<JsonNode?> Cells(ResourceType type, IReadOnlyList<PrinterColumn> columns, JsonObject obj, DateTimeOffset now)
    {
        foreach (var c in columns)
        {
            if (c.JsonPath.Length > 0)
            {
                var matches = SimpleJsonPath.Evaluate(obj, c.JsonPath);
                var value = matches.Count > 0 ? matches[0] : null;
                yield return c.Type switch
                {
                    "date" => value is null ? "<unknown>" : Age(JsonNodes.ParseTimestamp(JsonNodes.ScalarText(value)), now),
                    "integer" or "number" or "boolean" when value is JsonValue => value.DeepClone(),
                    _ when value is null => "",
                    _ => JsonNodes.ScalarText(value),
                };
                continue;
            }

            yield return Computed(type, c.Name, obj, now);
        }
    }

    private static JsonNode? Computed(ResourceType type, string column, JsonObject obj, DateTimeOffset now)
    {
        var status = obj["status"] as JsonObject;
        var deleting = obj["metadata"]?["deletionTimestamp"] is not null;
        switch (type.Kind, column)
        {
            case ("Pod", "Ready"):
                var statuses = status?["containerStatuses"] as JsonArray ?? [];
                var total = (obj["spec"]?["containers"] as JsonArray)?.Count ?? 0;
                var ready = statuses.Count(s => s?["ready"] is JsonValue v && v.GetValueKind() == JsonValueKind.True);
                return $"{ready}/{total}";
            case ("Pod", "Status"):
                return PodStatus(obj, status, deleting);
            case ("Pod", "Restarts"):
                var restarts = (status?["containerStatuses"] as JsonArray ?? [])
                    .Sum(s => s?["restartCount"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0);
                return restarts.ToString(CultureInfo.InvariantCulture);
            case ("Node", "Status"):
                var readyCondition = (status?["conditions"] as JsonArray ?? []).FirstOrDefault(c => JsonNodes.String(c, "type") == "Ready");
                var text = JsonNodes.String(readyCondition, "status") == "True" ? "Ready" : readyCondition is null ? "Unknown" : "NotReady";
                return obj["spec"]?["unschedulable"] is JsonValue u && u.GetValueKind() == JsonValueKind.True ? text + ",SchedulingDisabled" : text;
            case ("Node", "Roles"):
                var roles = (obj["metadata"]?["labels"] as JsonObject ?? [])
                    .Where(l => l.Key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
                    .Select(l => l.Key["node-role.kubernetes.io/".Length..]).ToList();
                return roles.Count == 0 ? "<none>" : string.Join(",", roles);
            case ("ConfigMap" or "Secret", "Data"):
                return ((obj["data"] as JsonObject)?.Count ?? 0) + ((obj["binaryData"] as JsonObject)?.Count ?? 0);
            case ("Event", "Last Seen"):
                var last = JsonNodes.String(obj, "lastTimestamp") ?? JsonNodes.String(obj, "eventTime") ?? JsonNodes.String(obj["metadata"], "creationTimestamp");
                return Age(JsonNodes.ParseTimestamp(last), now);
            case ("Event", "Object"):
                var involved = obj["involvedObject"];
                return $"{JsonNodes.String(involved, "kind")?.ToLowerInvariant()}/{JsonNodes.String(involved, "name")}";
            case ("Job", "Status"):
                var conditions = status?["conditions"] as JsonArray ?? [];
                bool Has(string t) => conditions.Any(c => JsonNodes.String(c, "type") == t && JsonNodes.String(c, "status") == "True");
                return Has("Complete") ? "Complete" : Has("Failed") ? "Failed" : Has("Suspended") ? "Suspended" : deleting ? "Terminating" : "Running";
            case ("Job", "Completions"):
                var succeeded = status?["succeeded"] is JsonValue sv && sv.TryGetValue<long>(out var sn) ? sn : 0;
                var completions = obj["spec"]?["completions"] is JsonValue cv && cv.TryGetValue<long>(out var cn) ? cn : 1;
                return $"{succeeded}/{completions}";
            case ("Job", "Duration"):
                var start = JsonNodes.ParseTimestamp(JsonNodes.String(status, "startTime"));
                var end = JsonNodes.ParseTimestamp(JsonNodes.String(status, "completionTime")) ?? now;
                return start is null ? "" : HumanDuration(end - start.Value);
            default:
                return "";
        }
    }

    private static string PodStatus(JsonObject pod, JsonObject? status, bool deleting)
    {
        var reason = JsonNodes.String(status, "reason") ?? JsonNodes.String(status, "phase") ?? "Pending";
        foreach (var cs in status?["containerStatuses"] as JsonArray ?? [])
        {
            var waiting = JsonNodes.String(cs?["state"]?["waiting"], "reason");
            var terminated = JsonNodes.String(cs?["state"]?["terminated"], "reason");
            if (!string.IsNullOrEmpty(waiting) && waiting != "ContainerCreating")
            {
                reason = waiting;
            }
            else if (!string.IsNullOrEmpty(terminated))
            {
                reason = terminated;
            }
            else if (!string.IsNullOrEmpty(waiting))
            {
                reason = waiting;
            }
        }

        _ = pod;
        return deleting && reason is not ("Completed" or "Succeeded" or "Failed") ? "Terminating" : reason;
    }

    /// <summary>kubectl's short age form: 45s, 3m20s, 17m, 2h5m, 11h, 3d4h, 40d, 2y30d.</summary>
    public static string Age(DateTimeOffset? since, DateTimeOffset now) =>
        since is null ? "<unknown>" : HumanDuration(now - since.Value);

    public static string HumanDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        var seconds = (long)Math.Max(0, d.TotalSeconds);
        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        var years = days / 365;
        return seconds switch
        {
            < 120 => $"{seconds}s",
            _ when minutes < 10 => seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s",
            _ when minutes < 180 => $"{minutes}m",
            _ when hours < 8 => minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m",
            _ when hours < 48 => $"{hours}h",
            _ when hours < 192 => hours % 24 == 0 ? $"{days}d" : $"{days}d{hours % 24}h",
            _ when days < 730 => $"{days}d",
            _ when years < 8 => days % 365 == 0 ? $"{years}y" : $"{years}y{days % 365}d",
            _ => $"{years}y",
        };
    }
}
