using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>The defaults Kubernetes applies to built-in types that clients commonly read back.</summary>
internal static class BuiltInDefaults
{
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Pods)
        {
            if (obj["spec"] is JsonObject spec)
            {
                DefaultPodSpec(spec);
            }

            if (obj["status"] is null)
            {
                obj["status"] = new JsonObject { ["phase"] = "Pending" };
            }
        }
        else if (type == BuiltInResources.Jobs)
        {
            DefaultJob(obj);
        }
        else if (type == BuiltInResources.Namespaces && obj["status"] is null)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (type.Schema is { } schema)
        {
            schema.ApplyDefaults(obj);
        }
    }

    private static void DefaultPodSpec(JsonObject spec)
    {
        spec.TryAdd("restartPolicy", "Always");
        spec.TryAdd("terminationGracePeriodSeconds", 30);
        spec.TryAdd("dnsPolicy", "ClusterFirst");
        spec.TryAdd("schedulerName", "default-scheduler");
        spec.TryAdd("securityContext", new JsonObject());
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (spec[list] is JsonArray containers)
            {
                foreach (var c in containers.OfType<JsonObject>())
                {
                    c.TryAdd("terminationMessagePath", "/dev/termination-log");
                    c.TryAdd("terminationMessagePolicy", "File");
                    c.TryAdd("imagePullPolicy", JsonNodes.String(c, "image")?.EndsWith(":latest", StringComparison.Ordinal) == false ? "IfNotPresent" : "Always");
                    c.TryAdd("resources", new JsonObject());
                }
            }
        }
    }

    private static void DefaultJob(JsonObject job)
    {
        if (job["spec"] is not JsonObject spec)
        {
            return;
        }

        spec.TryAdd("parallelism", 1);
        spec.TryAdd("completions", 1);
        spec.TryAdd("backoffLimit", 6);
        spec.TryAdd("completionMode", "NonIndexed");
        spec.TryAdd("suspend", false);
        // As the API server defaults it: Failed when a podFailurePolicy is set (the only value allowed then).
        spec.TryAdd("podReplacementPolicy", spec["podFailurePolicy"] is JsonObject ? "Failed" : "TerminatingOrFailed");
        var meta = JsonNodes.Metadata(job);
        var uid = JsonNodes.String(meta, "uid") ?? "";
        var name = JsonNodes.String(meta, "name") ?? "";
        if (spec["selector"] is null && uid.Length > 0)
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        }

        if (spec["template"] is JsonObject template)
        {
            var templateMeta = JsonNodes.Metadata(template);
            if (templateMeta["labels"] is not JsonObject labels)
            {
                labels = new JsonObject();
                templateMeta["labels"] = labels;
            }

            if (uid.Length > 0)
            {
                labels.TryAdd("batch.kubernetes.io/controller-uid", uid);
                labels.TryAdd("controller-uid", uid);
            }

            labels.TryAdd("batch.kubernetes.io/job-name", name);
            labels.TryAdd("job-name", name);
            if (template["spec"] is JsonObject podSpec)
            {
                DefaultPodSpec(podSpec);
            }
        }

        if (job["status"] is null)
        {
            job["status"] = new JsonObject();
        }
    }
}
