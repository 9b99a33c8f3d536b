using k8s;
using k8s.Models;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>Ready-made index functions for <see cref="Informer{T}.AddIndex"/>.</summary>
public static class IndexFunctions
{
    /// <summary>Indexes objects by the value of label <paramref name="key"/> (e.g. <c>orchestrator.dev/run</c>); unlabelled objects are not indexed.</summary>
    public static Func<T, IEnumerable<string>> Label<T>(string key) where T : IKubernetesObject<V1ObjectMeta> =>
        obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? [value] : [];

    /// <summary>Indexes pods by <c>spec.nodeName</c>; unscheduled pods are not indexed.</summary>
    public static IEnumerable<string> PodNodeName(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) ? [] : [pod.Spec.NodeName];

    /// <summary>Indexes objects by the UIDs of their owners (e.g. pods by Job, Jobs by TrainingRun).</summary>
    public static IEnumerable<string> OwnerUid<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata?.OwnerReferences?.Select(o => o.Uid) ?? [];
}
