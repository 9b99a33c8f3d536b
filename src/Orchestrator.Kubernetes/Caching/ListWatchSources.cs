using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Kueue;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// List+watch sources for the resources the controller caches. A null namespace means all namespaces.
/// Selectors use the API server's syntax and filter on the server.
/// </summary>
public static class ListWatchSources
{
    /// <summary>core/v1 Pods.</summary>
    public static IListWatchSource<V1Pod> Pods(IKubernetes client, string? ns = null, string? labelSelector = null, string? fieldSelector = null) =>
        new KubernetesListWatchSource<V1Pod, V1PodList>((r, ct) => ns is null
            ? client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, fieldSelector: fieldSelector, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, fieldSelector: fieldSelector, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct));

    /// <summary>batch/v1 Jobs.</summary>
    public static IListWatchSource<V1Job> Jobs(IKubernetes client, string? ns = null, string? labelSelector = null) =>
        new KubernetesListWatchSource<V1Job, V1JobList>((r, ct) => ns is null
            ? client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct)
            : client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(ns, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct));

    /// <summary>core/v1 Nodes (cluster-scoped).</summary>
    public static IListWatchSource<V1Node> Nodes(IKubernetes client, string? labelSelector = null) =>
        new KubernetesListWatchSource<V1Node, V1NodeList>((r, ct) =>
            client.CoreV1.ListNodeWithHttpMessagesAsync(allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct));

    /// <summary>orchestrator.dev TrainingRuns.</summary>
    public static IListWatchSource<TrainingRun> TrainingRuns(IKubernetes client, string? ns = null, string? labelSelector = null) =>
        CustomObjects<TrainingRun, TrainingRunList>(client, ApiGroup.Name, ApiGroup.Version, ApiGroup.Plural, ns, labelSelector);

    /// <summary>Kueue Workloads in <see cref="KueueApi.Version"/>, or in the version <paramref name="versions"/> finds the cluster serves.</summary>
    public static IListWatchSource<Workload> Workloads(IKubernetes client, string? ns = null, string? labelSelector = null, KueueVersions? versions = null) =>
        versions is null
            ? CustomObjects<Workload, WorkloadList>(client, KueueApi.Group, KueueApi.Version, KueueApi.WorkloadPlural, ns, labelSelector)
            : new KubernetesListWatchSource<Workload, WorkloadList>(async (r, ct) =>
            {
                var version = await versions.CurrentAsync(ct);
                try
                {
                    return await (ns is null
                        ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<WorkloadList>(KueueApi.Group, version, KueueApi.WorkloadPlural, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct)
                        : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<WorkloadList>(KueueApi.Group, version, ns, KueueApi.WorkloadPlural, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct));
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    // The version went away (Kueue upgraded or removed): ask discovery again on the informer's retry.
                    versions.Forget();
                    throw;
                }
            });

    /// <summary>Any custom resource, namespaced (or all namespaces when <paramref name="ns"/> is null) or cluster-scoped.</summary>
    public static IListWatchSource<T> CustomObjects<T, TList>(IKubernetes client, string group, string version, string plural, string? ns = null, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IMetadata<V1ListMeta>, IItems<T> =>
        new KubernetesListWatchSource<T, TList>((r, ct) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(group, version, plural, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(group, version, ns, plural, allowWatchBookmarks: r.AllowWatchBookmarks, continueParameter: r.Continue, labelSelector: labelSelector, limit: r.Limit, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, watch: r.Watch, cancellationToken: ct));
}
