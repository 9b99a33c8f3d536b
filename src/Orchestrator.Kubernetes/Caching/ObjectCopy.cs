using k8s;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>Deep copies of API objects, for changing something read from a cache without changing the cache.</summary>
public static class ObjectCopy
{
    /// <summary>A deep copy made by a JSON round trip with the client's own serializer settings.</summary>
    public static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
