using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Watching;

/// <summary>Cluster-wide informers for the kinds the workload components read.</summary>
internal static class Informers
{
    public static Informer<V1Pod> Pods(IKubernetes client, Action<ObjectChange<V1Pod>> onChange, TimeProvider time, ILogger logger) =>
        new(
            "Pod",
            async ct =>
            {
                var list = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion ?? "0");
            },
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            onChange,
            time,
            logger);

    public static Informer<V1Node> Nodes(IKubernetes client, Action<ObjectChange<V1Node>> onChange, TimeProvider time, ILogger logger) =>
        new(
            "Node",
            async ct =>
            {
                var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion ?? "0");
            },
            (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            onChange,
            time,
            logger);

    public static Informer<V1Job> Jobs(IKubernetes client, Action<ObjectChange<V1Job>> onChange, TimeProvider time, ILogger logger) =>
        new(
            "Job",
            async ct =>
            {
                var list = await client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion ?? "0");
            },
            (rv, onError, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            onChange,
            time,
            logger);

    public static Informer<V1Service> Services(IKubernetes client, Action<ObjectChange<V1Service>> onChange, TimeProvider time, ILogger logger) =>
        new(
            "Service",
            async ct =>
            {
                var list = await client.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion ?? "0");
            },
            (rv, onError, ct) => client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            onChange,
            time,
            logger);
}
