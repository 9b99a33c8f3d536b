using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// The sandbox's kubelet: runs the pods bound to the nodes it owns as local processes (or simulated
/// behaviours), reports their status, stops them gracefully on deletion and at once when their node
/// vanishes. See docs/sandbox-workloads.md.
/// </summary>
public sealed class ProcessKubelet(TimeProvider time, ProcessKubeletOptions? options = null, ILoggerFactory? loggerFactory = null) : IAsyncDisposable, IPodLogFiles
{
    /// <summary>The host's address, and the pod IP of pods without a subdomain (they share the host's network).</summary>
    public const string PodIp = "127.0.0.1";

    private readonly ProcessKubeletOptions _options = options ?? new ProcessKubeletOptions();
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ProcessKubelet>();
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _done = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deadNodes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private BackgroundLoops? _loops;
    private IKubernetes? _client;
    private Informer<V1Pod>? _pods;
    private Informer<V1Node>? _nodes;
    private Informer<V1Service>? _services;
    private PodNetwork? _network;

    public ProcessKubeletOptions Options => _options;

    /// <summary>The API server's CA (PEM) when it serves HTTPS: written as <c>ca.crt</c> beside each pod's token.</summary>
    internal string? ClusterCertificateAuthority { get; set; }

    /// <summary>Starts watching pods and nodes; returns once both caches are loaded.</summary>
    public async Task StartAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        if (_loops is not null)
        {
            throw new InvalidOperationException("The kubelet is already started.");
        }

        _client = client;
        _loops = new BackgroundLoops();
        Directory.CreateDirectory(_options.PodsRoot);
        _pods = Informers.Pods(client, c => OnPod(c), time, _logger);
        _nodes = Informers.Nodes(client, OnNode, time, _logger);
        _services = Informers.Services(client, c => _network?.Refresh(ObjectKey.Split(c.Key).Namespace, ObjectKey.Split(c.Key).Name), time, _logger);
        _network = new PodNetwork(
            (ns, name) => _services.TryGet(ObjectKey.Of(ns, name), out var service) ? service : null,
            key => _pods.TryGet(key, out var pod) ? pod : null);
        _loops.Run(_nodes.RunAsync);
        await _nodes.Synced.WaitAsync(cancellationToken);
        _loops.Run(_services.RunAsync);
        await _services.Synced.WaitAsync(cancellationToken);
        _loops.Run(_pods.RunAsync);
        await _pods.Synced.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The machine dies: SIGKILLs every process of the node's pods and completes once they have exited, before anyone
    /// can see the node go; nothing starts on that node again. Without this, the processes of a vanished node lived
    /// until this kubelet's watch saw the node deleted, and a trainer's agent could still commit a checkpoint after
    /// the controller had already started the next attempt.
    /// </summary>
    public Task KillNodeAsync(string nodeName)
    {
        List<PodWorker> doomed;
        lock (_gate)
        {
            _deadNodes[nodeName] = 0;
            doomed = [.. _workers.Values.Where(w => w.NodeName == nodeName)];
        }

        return Task.WhenAll(doomed.Select(w => w.DieWithMachineAsync()));
    }

    /// <summary>Stops every process this kubelet started (whole process trees); pods keep their last reported status.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loops is null)
        {
            return;
        }

        // Stop the informers first, so no pod starts while the running ones are killed.
        await _loops.CancelAsync();
        foreach (var worker in _workers.Values)
        {
            worker.KillNow();
        }

        await _loops.StopAsync(_workers.Values.Select(w => w.Completion));
    }

    /// <summary>The host folder of a pod this kubelet ran (volumes, logs), or null.</summary>
    public string? PodFolderOf(string ns, string name)
    {
        var prefix = $"{ns}_{name}_";
        return Directory.Exists(_options.PodsRoot)
            ? Directory.EnumerateDirectories(_options.PodsRoot, prefix + "*")
                .Where(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal) && Path.GetFileName(d).Length == prefix.Length + 36)
                .OrderByDescending(Directory.GetCreationTimeUtc)
                .FirstOrDefault()
            : null;
    }

    /// <summary>What a container's current run wrote to stdout and stderr (the <c>kubectl logs</c> text), or null when it has no log.</summary>
    public string? ReadLog(string ns, string pod, string container)
    {
        if (PodFolderOf(ns, pod) is not { } folder || new PodFolders(folder).LogsOf(container) is not [.., var path])
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            text.Append(CriLogLine.Parse(line).Text).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public string? LogFile(string podUid, string ns, string pod, string container, bool previous)
    {
        var folder = Path.Combine(_options.PodsRoot, $"{ns}_{pod}_{podUid}");
        var runs = new PodFolders(folder).LogsOf(container);
        return previous
            ? runs.Count >= 2 ? runs[^2] : null
            : runs.Count >= 1 ? runs[^1] : null;
    }

    private void OnNode(ObjectChange<V1Node> change)
    {
        if (change.Current is null)
        {
            // The machine is gone: nothing gets a grace period.
            foreach (var worker in _workers.Values.Where(w => w.NodeName == change.Key))
            {
                worker.KillNow();
            }

            return;
        }

        if (change.Previous is null && _pods is not null)
        {
            foreach (var pod in _pods.Snapshot().Where(p => p.Spec.NodeName == change.Key))
            {
                OnPod(new ObjectChange<V1Pod>(ObjectKey.Of(pod.Metadata), null, pod));
            }
        }
    }

    private void OnPod(ObjectChange<V1Pod> change)
    {
        var stop = _loops!.Token;
        if (change.Current is null)
        {
            var uid = change.Previous!.Metadata.Uid;
            _done.TryRemove(uid, out _);
            if (_workers.TryGetValue(uid, out var gone))
            {
                gone.KillNow();
            }

            return;
        }

        var pod = change.Current;
        if (!string.IsNullOrEmpty(pod.Spec.Subdomain) && change.Previous is { } before && !SameEndpoint(before, pod))
        {
            _network?.Refresh(pod.Metadata.NamespaceProperty, pod.Spec.Subdomain);
        }

        var nodeName = pod.Spec.NodeName;
        if (string.IsNullOrEmpty(nodeName) || !_options.OwnsNode(nodeName))
        {
            return;
        }

        lock (_gate)
        {
            if (_workers.TryGetValue(pod.Metadata.Uid, out var worker))
            {
                if (pod.Metadata.DeletionTimestamp is not null)
                {
                    worker.RequestTermination(GraceOf(pod));
                }

                return;
            }

            if (_done.ContainsKey(pod.Metadata.Uid) || !_nodes!.TryGet(nodeName, out _) || _deadNodes.ContainsKey(nodeName))
            {
                return;
            }

            if (PodStates.IsTerminal(pod) || pod.Metadata.DeletionTimestamp is not null)
            {
                // Not running here (finished before, or deleted before it started): only let go of it.
                if (PodStates.HasFinalizer(pod, _options.Finalizer))
                {
                    _ = ReleaseAsync(pod, stop);
                }

                return;
            }

            var key = change.Key;
            var started = new PodWorker(_client!, pod, _options, ClusterCertificateAuthority, time, _logger, () => _pods!.TryGet(key, out var latest) ? latest : null, stop, _network);
            _workers[pod.Metadata.Uid] = started;
            started.Start();
            _ = started.Completion.ContinueWith(
                _ =>
                {
                    lock (_gate)
                    {
                        _done[started.Uid] = 0;
                        _workers.TryRemove(started.Uid, out PodWorker? _);
                    }

                    _network?.Leave(started.Uid);

                    started.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>What a headless Service's records depend on: labels, readiness, termination.</summary>
    private static bool SameEndpoint(V1Pod a, V1Pod b) =>
        (a.Metadata.DeletionTimestamp is null) == (b.Metadata.DeletionTimestamp is null)
        && Ready(a) == Ready(b)
        && (a.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal).SequenceEqual((b.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal));

    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private TimeSpan GraceOf(V1Pod pod)
    {
        var seconds = pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds;
        return seconds is { } s ? TimeSpan.FromSeconds(s) : _options.DefaultGracePeriod;
    }

    private async Task ReleaseAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await PodRelease.ReleaseAsync(_client!, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, _options.Finalizer, cancellationToken, pod);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            WorkloadLog.PodProblem(_logger, ex, ObjectKey.Of(pod.Metadata), "could not remove the kubelet finalizer");
        }
        catch (OperationCanceledException)
        {
        }
    }
}
