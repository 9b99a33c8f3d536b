using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Admission;

namespace Orchestrator.Sandbox.Watching;

/// <summary>Ready-made list+watch loops for the kinds the sandbox components follow.</summary>
internal static class Watches
{
    public static ResourceWatch<V1Pod> Pods(IKubernetes client, Action<WatchEventType?, V1Pod?> onChange, ILogger logger) => new(
        "pods",
        async ct =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata?.ResourceVersion);
        },
        (rv, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: ct),
        onChange,
        logger);

    public static ResourceWatch<V1Node> Nodes(IKubernetes client, Action<WatchEventType?, V1Node?> onChange, ILogger logger) => new(
        "nodes",
        async ct =>
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata?.ResourceVersion);
        },
        (rv, ct) => client.CoreV1.WatchListNodeAsync(resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: ct),
        onChange,
        logger);

    public static ResourceWatch<V1Job> Jobs(IKubernetes client, Action<WatchEventType?, V1Job?> onChange, ILogger logger) => new(
        "jobs",
        async ct =>
        {
            var list = await client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: ct);
            return (list.Items.ToList(), list.Metadata?.ResourceVersion);
        },
        (rv, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: ct),
        onChange,
        logger);

    /// <summary>A Kueue kind; items are reported as raw objects because the loop only needs the change.</summary>
    public static ResourceWatch<object> Kueue(IKubernetes client, string plural, bool namespaced, Action<WatchEventType?, object?> onChange, ILogger logger) => new(
        plural,
        async ct =>
        {
            var list = namespaced
                ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KueueList<object>>(KueueApi.Group, KueueApi.Version, plural, cancellationToken: ct)
                : await client.CustomObjects.ListClusterCustomObjectAsync<KueueList<object>>(KueueApi.Group, KueueApi.Version, plural, cancellationToken: ct);
            return (list.Items, list.Metadata?.ResourceVersion);
        },
        (rv, ct) => namespaced
            ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(KueueApi.Group, KueueApi.Version, plural, resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: ct)
            : client.CustomObjects.WatchListClusterCustomObjectAsync(KueueApi.Group, KueueApi.Version, plural, resourceVersion: rv, allowWatchBookmarks: true, cancellationToken: ct),
        onChange,
        logger);
}
