using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Orchestrator.Sandbox.Capacity;

/// <summary>
/// The machines of the sandbox: keeps each pool at its size while capacity is available (scripted
/// or from a spot trace), provisions replacements after a delay, and plays preemptions the way the
/// provider's termination handler and kubelet do (SIGNALS.md).
/// </summary>
internal sealed class NodeFleet(
    IKubernetes client,
    CloudProvider provider,
    AwsNoticeSource awsNoticeSource,
    NoticeTiming timing,
    IReadOnlyList<NodePoolOptions> pools,
    TimeProvider time,
    Random random,
    ILogger logger,
    Func<string, Task>? killProcesses = null) : IAsyncDisposable
{
    public const string DisruptionTarget = "DisruptionTarget";
    public const string KubeletFinalizer = "sandbox.orchestrator.dev/kubelet";

    // Polling for pods to finish terminating happens in real time: it waits on processes, not on the sandbox clock.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FinalizerWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PoolState> _pools = pools.ToDictionary(p => p.Name, p => new PoolState(p), StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _background = [];

    public IReadOnlyCollection<string> PoolNames => _pools.Keys;

    /// <summary>The sandbox instant the pools started: tick 0 of every trace.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        var start = StartedAt = time.GetUtcNow();
        foreach (var pool in _pools.Values)
        {
            if (pool.Options.Trace is { } trace)
            {
                pool.TraceLimit = trace.AvailableNodes(trace.ValueAt(TimeSpan.Zero), pool.Options.Size);
            }

            for (var i = 0; i < pool.Target; i++)
            {
                await CreateNodeAsync(pool, ct);
            }

            if (pool.Options.Trace is not null)
            {
                Track(FollowTraceAsync(pool, start, _stop.Token));
            }
        }
    }

    /// <summary>Live (not preempting) node names of a pool.</summary>
    public IReadOnlyList<string> NodesOf(string pool)
    {
        lock (_gate)
        {
            return Pool(pool).Nodes.Order(StringComparer.Ordinal).ToList();
        }
    }

    public async Task<string> AddNodeAsync(string pool, CancellationToken ct) => await CreateNodeAsync(Pool(pool), ct);

    /// <summary>Scripted spot availability: false preempts the pool's nodes and stops replacements, true lets them come back.</summary>
    public void SetAvailable(string pool, bool available, bool withNotice = true)
    {
        var state = Pool(pool);
        lock (_gate)
        {
            state.Available = available;
            state.NoticeOnLoss = withNotice;
        }

        Reconcile(state);
    }

    /// <summary>
    /// Preempts a node. With notice: the provider's taint and the pods' DisruptionTarget condition,
    /// the notice window, graceful deletion of the pods, then the node and any pod left vanish.
    /// Without: the node and its pods vanish at once. Completes when the node is gone.
    /// </summary>
    public Task PreemptAsync(string nodeName, bool withNotice, CancellationToken ct = default)
    {
        PoolState? pool;
        lock (_gate)
        {
            pool = _pools.Values.FirstOrDefault(p => p.Nodes.Contains(nodeName));
            if (pool is not null)
            {
                pool.Nodes.Remove(nodeName);
                pool.Preempting.Add(nodeName);
            }
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        var run = RunPreemptionAsync(nodeName, pool, withNotice, linked.Token);
        Track(run.ContinueWith(_ => linked.Dispose(), TaskScheduler.Default));
        return run;
    }

    /// <summary>
    /// Karpenter's disruption controller picks the node as a consolidation, drift or expiry candidate: it taints it
    /// <c>karpenter.sh/disrupted:NoSchedule</c> (no value; the API server stamps no timeAdded on NoSchedule) before it
    /// launches the replacement. Nothing else happens to the node or its pods yet: only the termination controller,
    /// once the NodeClaim is deleted, drains and evicts (use <see cref="PreemptAsync"/> for that).
    /// </summary>
    public Task MarkDisruptionCandidateAsync(string nodeName, CancellationToken ct = default) => RetryOnConflictAsync(async () =>
    {
        var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
        var taints = node.Spec?.Taints?.ToList() ?? [];
        if (taints.Any(t => t.Key == ProviderConventions.KarpenterNoticeTaint))
        {
            return;
        }

        taints.Add(new V1Taint { Key = ProviderConventions.KarpenterNoticeTaint, Effect = "NoSchedule" });
        node.Spec ??= new V1NodeSpec();
        node.Spec.Taints = taints;
        await client.CoreV1.ReplaceNodeAsync(node, nodeName, cancellationToken: ct);
    });

    /// <summary>
    /// Karpenter abandons the disruption command (the replacement failed to launch, or the decision no longer held
    /// when it was validated): it removes the <c>karpenter.sh/disrupted</c> taint and leaves the pods alone.
    /// </summary>
    public Task AbandonDisruptionAsync(string nodeName, CancellationToken ct = default) => RetryOnConflictAsync(async () =>
    {
        var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
        var taints = node.Spec?.Taints?.ToList() ?? [];
        if (taints.RemoveAll(t => t.Key == ProviderConventions.KarpenterNoticeTaint) == 0)
        {
            return;
        }

        node.Spec!.Taints = taints.Count == 0 ? null : taints;
        await client.CoreV1.ReplaceNodeAsync(node, nodeName, cancellationToken: ct);
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _background];
        }

        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private PoolState Pool(string name) =>
        _pools.TryGetValue(name, out var pool) ? pool : throw new ArgumentException($"No node pool named '{name}'; pools: {string.Join(", ", _pools.Keys)}.", nameof(name));

    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private async Task<string> CreateNodeAsync(PoolState pool, CancellationToken ct)
    {
        string name;
        lock (_gate)
        {
            name = $"{pool.Options.Name}-{++pool.Counter}";
            pool.Nodes.Add(name);
        }

        var node = NodeFactory.Build(provider, pool.Options, name, time.GetUtcNow());
        var created = await client.CoreV1.CreateNodeAsync(node, cancellationToken: ct);

        // Like a kubelet registering, the status is posted separately (a create may drop it).
        created.Status = node.Status;
        await client.CoreV1.ReplaceNodeStatusAsync(created, name, cancellationToken: ct);
        return name;
    }

    private async Task FollowTraceAsync(PoolState pool, DateTimeOffset start, CancellationToken ct)
    {
        var trace = pool.Options.Trace!;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var elapsed = time.GetUtcNow() - start;
                var limit = trace.AvailableNodes(trace.ValueAt(elapsed), pool.Options.Size);
                lock (_gate)
                {
                    pool.TraceLimit = limit;
                    pool.NoticeOnLoss = pool.Options.TracePreemptionWithNotice;
                }

                Reconcile(pool);
                if (trace.NextChangeAfter(elapsed) is not { } next)
                {
                    return;
                }

                await Task.Delay(next - elapsed, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The sandbox is stopping.
        }
    }

    /// <summary>Brings the pool towards its target: preempt what capacity no longer allows, provision what is missing.</summary>
    private void Reconcile(PoolState pool)
    {
        List<string> toPreempt;
        int toProvision;
        bool notice;
        lock (_gate)
        {
            var target = pool.Target;
            // Capacity above the target is only taken away when availability drops, never to shrink a
            // pool that was grown with AddNodeAsync while capacity lasts.
            toPreempt = pool.Nodes.Count > target && target < pool.Options.Size
                ? pool.Nodes.OrderByDescending(NodeNumber).Take(pool.Nodes.Count - target).ToList()
                : [];
            toProvision = Math.Max(0, target - pool.Nodes.Count - pool.Provisioning);
            pool.Provisioning += toProvision;
            notice = pool.NoticeOnLoss;
        }

        foreach (var node in toPreempt)
        {
            _ = PreemptAsync(node, notice).ContinueWith(
                t =>
                {
                    if (logger.IsEnabled(LogLevel.Warning))
                    {
                        logger.LogWarning(t.Exception, "Preempting node {Node} of pool {Pool} failed", node, pool.Options.Name);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }

        for (var i = 0; i < toProvision; i++)
        {
            Track(ProvisionAsync(pool, _stop.Token));
        }
    }

    private async Task ProvisionAsync(PoolState pool, CancellationToken ct)
    {
        try
        {
            await Task.Delay(pool.Options.ProvisioningDelay, time, ct);
            bool stillWanted;
            lock (_gate)
            {
                stillWanted = pool.Nodes.Count < pool.Target;
            }

            if (stillWanted)
            {
                await CreateNodeAsync(pool, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception error)
        {
            // A failed registration is retried by the next reconcile, like a node group retrying a launch.
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning(error, "Provisioning a node in pool {Pool} failed", pool.Options.Name);
            }
        }
        finally
        {
            lock (_gate)
            {
                pool.Provisioning--;
            }
        }

        if (!ct.IsCancellationRequested)
        {
            Reconcile(pool);
        }
    }

    private async Task RunPreemptionAsync(string nodeName, PoolState? pool, bool withNotice, CancellationToken ct)
    {
        try
        {
            if (withNotice)
            {
                await NoticeAsync(nodeName, ct);
                var noticeAt = time.GetUtcNow();
                await Task.Delay(timing.PodDeletionAfter, time, ct);
                var maxGrace = await DeletePodsGracefullyAsync(nodeName, ct);
                var podsGoneBy = timing.PodDeletionAfter + maxGrace;
                await WaitForPodsGoneAsync(nodeName, noticeAt + podsGoneBy, ct);
                var vanishAt = noticeAt + timing.NoticeWindow;
                if (vanishAt > time.GetUtcNow())
                {
                    await Task.Delay(vanishAt - time.GetUtcNow(), time, ct);
                }
            }

            await VanishAsync(nodeName, ct);
        }
        finally
        {
            if (pool is not null)
            {
                lock (_gate)
                {
                    pool.Preempting.Remove(nodeName);
                }

                if (!_stop.IsCancellationRequested)
                {
                    Reconcile(pool);
                }
            }
        }
    }

    private async Task NoticeAsync(string nodeName, CancellationToken ct)
    {
        var eventId = "sandbox-" + random.Next(0x100000, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
        var taint = ProviderConventions.NoticeTaint(provider, awsNoticeSource, eventId, time.GetUtcNow());
        await RetryOnConflictAsync(async () =>
        {
            var node = await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: ct);
            var taints = node.Spec?.Taints?.ToList() ?? [];
            if (taints.Any(t => t.Key == taint.Key))
            {
                return;
            }

            taints.Add(taint);
            node.Spec ??= new V1NodeSpec();
            node.Spec.Taints = taints;
            await client.CoreV1.ReplaceNodeAsync(node, nodeName, cancellationToken: ct);
        });

        var message = $"{provider} is reclaiming node {nodeName}: notice {taint.Key}, node terminates in {timing.NoticeWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
        foreach (var pod in await PodsOnAsync(nodeName, ct))
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            await MarkDisruptedAsync(pod, "TerminationByKubelet", message, ct);
        }
    }

    private Task MarkDisruptedAsync(V1Pod pod, string reason, string message, CancellationToken ct) => RetryOnConflictAsync(async () =>
    {
        var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        current.Status ??= new V1PodStatus();
        var conditions = current.Status.Conditions?.ToList() ?? [];
        if (conditions.Any(c => c.Type == DisruptionTarget && c.Status == "True"))
        {
            return;
        }

        conditions.RemoveAll(c => c.Type == DisruptionTarget);
        conditions.Add(new V1PodCondition
        {
            Type = DisruptionTarget,
            Status = "True",
            Reason = reason,
            Message = message,
            LastTransitionTime = time.GetUtcNow().UtcDateTime,
        });
        current.Status.Conditions = conditions;
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(current, current.Metadata.Name, current.Metadata.NamespaceProperty, cancellationToken: ct);
    });

    /// <summary>Deletes the node's pods with their grace period (capped for GKE); returns the longest grace given.</summary>
    private async Task<TimeSpan> DeletePodsGracefullyAsync(string nodeName, CancellationToken ct)
    {
        var longest = TimeSpan.Zero;
        foreach (var pod in await PodsOnAsync(nodeName, ct))
        {
            var own = TimeSpan.FromSeconds(pod.Spec?.TerminationGracePeriodSeconds ?? 30);
            var grace = timing.PodGraceCap is { } cap && cap < own ? cap : own;
            longest = grace > longest ? grace : longest;
            await IgnoreNotFound(client.CoreV1.DeleteNamespacedPodAsync(
                pod.Metadata.Name,
                pod.Metadata.NamespaceProperty,
                gracePeriodSeconds: (int)grace.TotalSeconds,
                cancellationToken: ct));
        }

        return longest;
    }

    private async Task WaitForPodsGoneAsync(string nodeName, DateTimeOffset deadline, CancellationToken ct)
    {
        while (time.GetUtcNow() < deadline && (await PodsOnAsync(nodeName, ct)).Count > 0)
        {
            await Task.Delay(PollInterval, TimeProvider.System, ct);
        }
    }

    /// <summary>The machine is gone: its processes (SIGKILL), then the node object, then every pod still bound to it, without grace.</summary>
    private async Task VanishAsync(string nodeName, CancellationToken ct)
    {
        // The machine dies first: its processes are gone before the API can show the node missing.
        if (killProcesses is not null)
        {
            await killProcesses(nodeName).WaitAsync(ct);
        }

        await IgnoreNotFound(client.CoreV1.DeleteNodeAsync(nodeName, cancellationToken: ct));
        foreach (var pod in await PodsOnAsync(nodeName, ct))
        {
            // As Kubernetes' pod garbage collector does for pods of a node that no longer exists.
            if (pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                await MarkDisruptedAsync(pod, "DeletionByPodGC", $"Node {nodeName} vanished", ct);
            }

            await IgnoreNotFound(client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, gracePeriodSeconds: 0, cancellationToken: ct));
        }

        // The kubelet releases its finalizer once it has killed the processes; if it is not running
        // for this node, nothing would, so the pods are released here (as the pod GC would).
        var releaseBy = TimeProvider.System.GetTimestamp();
        while ((await PodsOnAsync(nodeName, ct)) is { Count: > 0 } left)
        {
            if (TimeProvider.System.GetElapsedTime(releaseBy) > FinalizerWait)
            {
                foreach (var pod in left)
                {
                    var patch = new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);
                    await IgnoreNotFound(client.CoreV1.PatchNamespacedPodAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
                }
            }

            await Task.Delay(PollInterval, TimeProvider.System, ct);
        }
    }

    private async Task<IReadOnlyList<V1Pod>> PodsOnAsync(string nodeName, CancellationToken ct) =>
        (await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=" + nodeName, cancellationToken: ct)).Items.ToList();

    private static async Task RetryOnConflictAsync(Func<Task> update)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await update();
                return;
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
                // Someone (the kubelet, most likely) wrote in between: read again and reapply.
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
        }
    }

    private static async Task IgnoreNotFound(Task call)
    {
        try
        {
            await call;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    private static int NodeNumber(string name) =>
        int.TryParse(name.AsSpan(name.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private sealed class PoolState(NodePoolOptions options)
    {
        public NodePoolOptions Options { get; } = options;

        public HashSet<string> Nodes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Preempting { get; } = new(StringComparer.Ordinal);

        public int Provisioning { get; set; }

        public int Counter { get; set; }

        public bool Available { get; set; } = true;

        public bool NoticeOnLoss { get; set; } = true;

        public int? TraceLimit { get; set; }

        public int Target => !Available ? 0 : Math.Min(Options.Size, TraceLimit ?? Options.Size);
    }
}
