using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Http;

/// <summary>A request for a resource path. <see cref="Namespace"/> is null for all namespaces, empty for cluster scope.</summary>
internal sealed record ResourceRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource, bool LegacyWatchPath)
{
    public string NamespaceOrEmpty => Namespace ?? "";

    /// <summary>The version the client asked for when <see cref="Type"/> is its stored form (Kueue's v1beta1).</summary>
    public ResourceType? Served { get; init; }

    public ResourceType ServedType => Served ?? Type;

    /// <summary>A request body in the served version, as it is stored.</summary>
    public JsonObject ToStored(JsonObject body) => Served?.Conversion is { } c ? c.ToStored(body) : body;

    /// <summary>A stored object in the version the client asked for.</summary>
    public JsonObject FromStored(JsonObject stored) => Served?.Conversion is { } c ? c.FromStored(stored) : stored;

    public ReadOnlyMemory<byte> Json(StoredObject stored) =>
        Served?.Conversion is { } c ? JsonNodes.ToBytes(c.FromStored(stored.ToNode())) : stored.Json;
}
