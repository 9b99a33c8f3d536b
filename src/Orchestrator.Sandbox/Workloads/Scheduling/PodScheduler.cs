using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>
/// The sandbox's kube-scheduler: binds pending pods without a node to a ready node that satisfies
/// their nodeSelector, required node affinity, tolerations and resource requests (cpu, memory,
/// nvidia.com/gpu, pods) against allocatable minus what is already bound there. Pods that fit
/// nowhere get <c>PodScheduled=False</c>/<c>Unschedulable</c> and are retried whenever a node or a
/// pod changes.
/// </summary>
public sealed class PodScheduler(TimeProvider time, ILoggerFactory? loggerFactory = null, string schedulerName = PodScheduler.DefaultSchedulerName)
    : IAsyncDisposable
{
    public const string DefaultSchedulerName = "default-scheduler";

    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PodScheduler>();
    private readonly ConcurrentDictionary<string, string> _assumed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unschedulable = new(StringComparer.Ordinal);
    private BackgroundLoops? _loops;
    private IKubernetes? _client;
    private Informer<V1Pod>? _pods;
    private Informer<V1Node>? _nodes;
    private WorkQueue? _queue;
    private readonly SemaphoreSlim _binders = new(16, 16);
    private readonly NodeUsage _usage = new();
    private bool _bindingUnsupported;

    public async Task StartAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        if (_loops is not null)
        {
            throw new InvalidOperationException("The scheduler is already started.");
        }

        _client = client;
        _loops = new BackgroundLoops();
        _queue = new WorkQueue("scheduler", time, _logger);
        _pods = Informers.Pods(client, OnPod, time, _logger);
        _nodes = Informers.Nodes(client, _ => RetryUnschedulable(), time, _logger);
        _loops.Run(_pods.RunAsync);
        _loops.Run(_nodes.RunAsync);
        await Task.WhenAll(_pods.Synced, _nodes.Synced).WaitAsync(cancellationToken);
        _loops.Run(ct => _queue.RunAsync(ScheduleAsync, ct));
    }

    public ValueTask DisposeAsync() => _loops?.DisposeAsync() ?? ValueTask.CompletedTask;

    private bool IsMine(V1Pod pod) => (pod.Spec.SchedulerName ?? DefaultSchedulerName) == schedulerName;

    private static bool NeedsNode(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec.NodeName) && pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is null or "Pending";

    private void OnPod(ObjectChange<V1Pod> change)
    {
        if (change.Current is { } pod && NeedsNode(pod) && IsMine(pod))
        {
            _queue!.Enqueue(change.Key);
            return;
        }

        var current = change.Current;
        if (current is not null && !string.IsNullOrEmpty(current.Spec.NodeName) && !PodStates.IsTerminal(current))
        {
            _usage.Set(change.Key, current.Spec.NodeName, () => PodResources.RequestsOf(current));
        }
        else if (!_assumed.ContainsKey(change.Key) || current is null)
        {
            _usage.Remove(change.Key);
        }

        _assumed.TryRemove(change.Key, out _);
        _unschedulable.TryRemove(change.Key, out _);
        var previous = change.Previous;
        var freedCapacity = previous is not null && !string.IsNullOrEmpty(previous.Spec.NodeName)
            && (current is null || PodStates.IsTerminal(current));
        if (freedCapacity)
        {
            RetryUnschedulable();
        }
    }

    private void RetryUnschedulable()
    {
        foreach (var key in _unschedulable.Keys)
        {
            _queue?.Enqueue(key);
        }
    }

    private async Task ScheduleAsync(string key, CancellationToken cancellationToken)
    {
        if (!_pods!.TryGet(key, out var pod) || !NeedsNode(pod) || !IsMine(pod) || _assumed.ContainsKey(key))
        {
            return;
        }

        var nodes = _nodes!.Snapshot().OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        V1Node? best = null;
        var bestScore = decimal.MaxValue;
        foreach (var node in nodes)
        {
            var onNode = _usage.Of(node.Metadata.Name);
            var reason = NodeFit.Check(pod, node, onNode);
            if (reason is not null)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                continue;
            }

            // Least allocated first (kube-scheduler's default scoring), ties broken by node name.
            var score = Allocation(PodResources.AllocatableOf(node), onNode);
            if (score < bestScore)
            {
                best = node;
                bestScore = score;
            }
        }

        if (best is null)
        {
            _unschedulable[key] = 0;
            var detail = string.Join(", ", reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"));
            var message = nodes.Count == 0 ? "0/0 nodes are available: no nodes." : $"0/{nodes.Count} nodes are available: {detail}.";
            if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled") is { Status: "False", Reason: "Unschedulable" } known && known.Message == message)
            {
                return;
            }

            await SetScheduledConditionAsync(pod, false, "Unschedulable", message, cancellationToken);
            return;
        }

        _unschedulable.TryRemove(key, out _);
        _assumed[key] = best.Metadata.Name;
        _usage.Set(key, best.Metadata.Name, () => PodResources.RequestsOf(pod));

        // Decisions stay sequential (the assumed binding holds the capacity); the API calls overlap.
        await _binders.WaitAsync(cancellationToken);
        _ = Task.Run(() => BindAndReportAsync(key, pod, best.Metadata.Name, cancellationToken), CancellationToken.None);
    }

    private async Task BindAndReportAsync(string key, V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            if (await BindAsync(pod, nodeName, cancellationToken))
            {
                await SetScheduledConditionAsync(pod, true, null, null, cancellationToken);
            }
            else
            {
                Forget(key);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            WorkloadLog.PodProblem(_logger, ex, key, "binding failed; retrying");
            Forget(key);
            _queue!.EnqueueAfter(key, TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _binders.Release();
        }
    }

    private void Forget(string key)
    {
        if (_assumed.TryRemove(key, out _) && _pods!.TryGet(key, out var pod) && string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            _usage.Remove(key);
        }
    }

    private static decimal Allocation(Dictionary<string, decimal> allocatable, Dictionary<string, decimal> used)
    {
        var fractions = allocatable.Where(kv => kv.Value > 0).Select(kv => used.GetValueOrDefault(kv.Key) / kv.Value).ToList();
        return fractions.Count == 0 ? 0 : fractions.Average();
    }

    /// <summary>Binds through the binding subresource; falls back to setting spec.nodeName on servers without it.</summary>
    private async Task<bool> BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        if (!_bindingUnsupported)
        {
            try
            {
                var binding = new V1Binding
                {
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                    Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
                };
                await _client!.CoreV1.CreateNamespacedPodBindingAsync(binding, name, ns, cancellationToken: cancellationToken);
                return true;
            }
            catch (Exception ex) when (ApiErrors.StatusOf(ex) is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                if (!await ExistsAsync(ns, name, cancellationToken))
                {
                    return false;
                }

                _bindingUnsupported = true;
            }
            catch (Exception ex) when (ApiErrors.IsConflict(ex))
            {
                // Already bound by someone else; the informer will show it.
                return false;
            }
        }

        var updated = await PodUpdates.UpdateAsync(
            _client!,
            ns,
            name,
            fresh =>
            {
                if (fresh.Metadata.Uid != pod.Metadata.Uid || !string.IsNullOrEmpty(fresh.Spec.NodeName))
                {
                    return false;
                }

                fresh.Spec.NodeName = nodeName;
                return true;
            },
            cancellationToken);
        return updated?.Spec.NodeName == nodeName;
    }

    private async Task<bool> ExistsAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client!.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    private Task<V1Pod?> SetScheduledConditionAsync(V1Pod pod, bool scheduled, string? reason, string? message, CancellationToken cancellationToken) =>
        PodUpdates.UpdateStatusAsync(
            _client!,
            pod.Metadata.NamespaceProperty,
            pod.Metadata.Name,
            fresh =>
            {
                if (fresh.Metadata.Uid != pod.Metadata.Uid)
                {
                    return false;
                }

                fresh.Status ??= new V1PodStatus();
                fresh.Status.Phase ??= "Pending";
                return PodConditions.Set(fresh.Status, "PodScheduled", scheduled, reason, message, time.GetUtcNow().UtcDateTime);
            },
            cancellationToken,
            _pods!.TryGet(ObjectKey.Of(pod.Metadata), out var cached) ? cached : null);
}
