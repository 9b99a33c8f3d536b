using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Storage;

/// <summary>The objects of one resource, by "namespace/name", with keys kept sorted for paginated lists.</summary>
internal sealed class ResourceTable(ResourceType type)
{
    public ResourceType Type { get; set; } = type;

    public Dictionary<string, StoredObject> Items { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

    public List<Watcher> Watchers { get; } = [];

    /// <summary>Objects per namespace, for the remaining count of paginated lists.</summary>
    public Dictionary<string, int> NamespaceCounts { get; } = new(StringComparer.Ordinal);
}
