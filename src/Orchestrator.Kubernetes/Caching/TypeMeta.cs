using System.Collections.Concurrent;
using System.Reflection;
using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// Restores apiVersion and kind, which API servers leave out of the items of a list response, from the type's
/// <see cref="KubernetesEntityAttribute"/>, so cached objects can be used as owner and event references.
/// </summary>
public static class TypeMeta
{
    private static readonly ConcurrentDictionary<Type, (string ApiVersion, string Kind)?> Known = new();

    /// <summary>Fills in a missing apiVersion or kind of <paramref name="obj"/>; returns it.</summary>
    public static T Fill<T>(T obj) where T : IKubernetesObject
    {
        if (!string.IsNullOrEmpty(obj.ApiVersion) && !string.IsNullOrEmpty(obj.Kind))
        {
            return obj;
        }

        if (Of(obj.GetType()) is { } meta)
        {
            obj.ApiVersion = string.IsNullOrEmpty(obj.ApiVersion) ? meta.ApiVersion : obj.ApiVersion;
            obj.Kind = string.IsNullOrEmpty(obj.Kind) ? meta.Kind : obj.Kind;
        }

        return obj;
    }

    /// <summary>The apiVersion and kind declared on <paramref name="type"/>, or null when it declares none.</summary>
    public static (string ApiVersion, string Kind)? Of(Type type) => Known.GetOrAdd(type, static t =>
        t.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity
            ? (string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind)
            : null);
}
