using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>A request for a resource path. <see cref="Namespace"/> is null for all namespaces, empty for cluster scope.</summary>
internal sealed record ResourceRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource, bool LegacyWatchPath)
{
    public string NamespaceOrEmpty => Namespace ?? "";
}
