using System.Collections.Concurrent;

namespace Orchestrator.Sandbox.Resources;

/// <summary>The resources served, built-ins first, then CRDs as they are registered.</summary>
internal sealed class ResourceRegistry
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> _byPath = new();
    private readonly Lock _gate = new();
    private IReadOnlyList<ResourceType> _all = [];

    public IReadOnlyList<ResourceType> All => _all;

    public void Register(ResourceType type)
    {
        lock (_gate)
        {
            _byPath[(type.Group, type.Version, type.Plural)] = type;
            _all = [.. _all.Where(t => !(t.Group == type.Group && t.Version == type.Version && t.Plural == type.Plural)), type];
        }
    }

    public void Unregister(string group, string plural)
    {
        lock (_gate)
        {
            foreach (var t in _all.Where(t => t.Group == group && t.Plural == plural).ToList())
            {
                _byPath.TryRemove((t.Group, t.Version, t.Plural), out _);
            }

            _all = [.. _all.Where(t => !(t.Group == group && t.Plural == plural))];
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var t) ? t : null;

    public ResourceType Get(string group, string version, string plural) =>
        Find(group, version, plural) ?? throw new InvalidOperationException($"{plural}.{group}/{version} is not registered");

    public IEnumerable<string> Groups() => _all.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct();

    public IEnumerable<string> Versions(string group) => _all.Where(t => t.Group == group).Select(t => t.Version).Distinct();

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        _all.Where(t => t.Group == group && t.Version == version);
}
