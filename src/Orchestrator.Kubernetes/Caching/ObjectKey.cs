using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>Identifies an object in a cache and in the work queue: namespace (null when cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    /// <summary>The key of <paramref name="obj"/>.</summary>
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj)
    {
        var meta = obj.Metadata ?? throw new ArgumentException("The object has no metadata.", nameof(obj));
        return new(string.IsNullOrEmpty(meta.NamespaceProperty) ? null : meta.NamespaceProperty, meta.Name);
    }

    /// <summary><c>namespace/name</c>, or <c>name</c> when cluster-scoped, as kubectl and client-go print keys.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
