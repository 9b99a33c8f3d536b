using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// Job rules of Kubernetes' pkg/apis/batch/validation the controller's Jobs could break: with a podFailurePolicy,
/// podReplacementPolicy must be <c>Failed</c> (which is also its default then), and a podFailurePolicy needs
/// restartPolicy Never.
/// </summary>
internal static class JobSpecValidation
{
    public static IEnumerable<FieldError> Check(JsonObject spec)
    {
        if (spec["podFailurePolicy"] is not JsonObject)
        {
            yield break;
        }

        if (JsonNodes.String(spec, "podReplacementPolicy") is { } replacement && replacement != "Failed")
        {
            yield return FieldError.NotSupported("spec.podReplacementPolicy", $"\"{replacement}\"", ["Failed"]);
        }

        if (JsonNodes.String(spec["template"]?["spec"], "restartPolicy") is { } restart && restart != "Never")
        {
            yield return FieldError.Invalid("spec.template.spec.restartPolicy", $"\"{restart}\"", "only \"Never\" is supported when podFailurePolicy is specified");
        }
    }
}
