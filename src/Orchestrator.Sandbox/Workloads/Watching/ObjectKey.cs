using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Watching;

internal static class ObjectKey
{
    public static string Of(V1ObjectMeta metadata) => Of(metadata.NamespaceProperty, metadata.Name);

    public static string Of(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (string.Empty, key) : (key[..slash], key[(slash + 1)..]);
    }
}
