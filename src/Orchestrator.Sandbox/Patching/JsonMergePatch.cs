using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Patching;

/// <summary>RFC 7386: objects merge key by key, null removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key], value);
                if (merged?.Parent is not null)
                {
                    merged = merged.DeepClone();
                }

                result[key] = merged;
            }
        }

        return result;
    }
}
