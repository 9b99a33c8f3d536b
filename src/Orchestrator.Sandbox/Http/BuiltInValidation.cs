using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>Built-in validation of Pods and Jobs, as the API server does it (<see cref="PodSpecValidation"/>, <see cref="JobSpecValidation"/>).</summary>
internal static class BuiltInValidation
{
    public static IEnumerable<FieldError> Check(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Pods)
        {
            return CheckPodSpec(obj["spec"], "spec", allowAlways: true);
        }

        if (type == BuiltInResources.Jobs)
        {
            return obj["spec"]?["template"] is null
                ? [FieldError.Required("spec.template")]
                : [.. CheckPodSpec(obj["spec"]?["template"]?["spec"], "spec.template.spec", allowAlways: false), .. JobSpecValidation.Check((JsonObject)obj["spec"]!)];
        }

        return [];
    }

    private static List<FieldError> CheckPodSpec(JsonNode? spec, string path, bool allowAlways)
    {
        var errors = new List<FieldError>();
        if (spec is not JsonObject podSpec || podSpec["containers"] is not JsonArray { Count: > 0 } containers)
        {
            errors.Add(FieldError.Required($"{path}.containers"));
            return errors;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(JsonNodes.String(containers[i], "name")))
            {
                errors.Add(FieldError.Required($"{path}.containers[{i}].name"));
            }

            if (string.IsNullOrEmpty(JsonNodes.String(containers[i], "image")))
            {
                errors.Add(FieldError.Required($"{path}.containers[{i}].image"));
            }
        }

        errors.AddRange(PodSpecValidation.Check(podSpec, path));
        var restart = JsonNodes.String(podSpec, "restartPolicy");
        if (!allowAlways && restart is not ("Never" or "OnFailure"))
        {
            errors.Add(FieldError.NotSupported($"{path}.restartPolicy", $"\"{restart}\"", ["OnFailure", "Never"]));
        }

        return errors;
    }
}
