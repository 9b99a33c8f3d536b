using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Orchestrator.Api;
using Orchestrator.Sandbox;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Benchmarks.Controller;

/// <summary>
/// Timestamps writes where they happen: in the sandbox's object store, at commit, under its lock. It opens
/// store watches whose selector records what it sees and selects nothing, so nothing is queued or sent; this
/// gives the instant a notice taint landed on a node and the instant the controller's save request landed on
/// a pod, with no watch delivery or polling in between.
/// </summary>
internal sealed class ClusterRecorder : IDisposable
{
    private static readonly byte[] SaveRequestKey = Encoding.UTF8.GetBytes(Annotations.SaveRequest);

    private readonly SandboxApiServer _api;
    private readonly byte[] _noticeTaint;
    private readonly List<Watcher> _watchers = [];
    private readonly ConcurrentDictionary<string, long> _taintedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodRecord> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Version, string Phase)> _runPhases = new(StringComparer.Ordinal);

    public ClusterRecorder(SandboxApiServer api, string noticeTaintKey)
    {
        _api = api;
        _noticeTaint = Encoding.UTF8.GetBytes(noticeTaintKey);
        _watchers.Add(api.Store.Watch(api.Registry.Get("", "v1", "nodes"), null, OnNode, null));
        _watchers.Add(api.Store.Watch(api.Registry.Get("", "v1", "pods"), null, OnPod, null));
        _watchers.Add(api.Store.Watch(api.Registry.Get(ApiGroup.Name, ApiGroup.Version, ApiGroup.Plural), null, OnRun, null));
    }

    /// <summary>TrainingRuns seen, and how many have status.phase Running.</summary>
    public (int Seen, int Running) Runs => (_runPhases.Count, RunsIn("Running"));

    /// <summary>TrainingRuns whose status.phase is <paramref name="phase"/>.</summary>
    public int RunsIn(string phase) => _runPhases.Values.Count(p => p.Phase == phase);

    /// <summary>Pods of TrainingRuns seen, and how many are in phase Running.</summary>
    public (int Seen, int Running) Pods => (_pods.Count, _pods.Values.Count(p => p.Phase == "Running"));

    /// <summary>The running pods of runs on <paramref name="node"/>.</summary>
    public IReadOnlyList<string> RunningPodsOn(string node) =>
        [.. _pods.Where(p => p.Value.Node == node && p.Value.Phase == "Running").Select(p => p.Key)];

    public long? TaintedAt(string node) => _taintedAt.TryGetValue(node, out var at) ? at : null;

    /// <summary>When the save-request annotation first appeared on the pod, and its value then.</summary>
    public (long At, string Value)? SaveRequestedAt(string pod) =>
        _pods.TryGetValue(pod, out var record) && record.SaveRequestAt is { } at ? (at, record.SaveRequest!) : null;

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            _api.Store.StopWatching(watcher);
        }
    }

    private bool OnNode(StoredObject node)
    {
        if (!_taintedAt.ContainsKey(node.Name) && node.Json.AsSpan().IndexOf(_noticeTaint) >= 0)
        {
            _taintedAt.TryAdd(node.Name, Stopwatch.GetTimestamp());
        }

        return false;
    }

    private bool OnPod(StoredObject pod)
    {
        if (!pod.Labels.ContainsKey(Labels.Run))
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        var record = _pods.GetOrAdd(pod.Key, _ => new PodRecord());
        if (pod.ResourceVersion < record.Version)
        {
            // The store also asks about the version a change replaced.
            return false;
        }

        record.Version = pod.ResourceVersion;
        record.Phase = pod.Fields.GetValueOrDefault("status.phase");
        record.Node = pod.Fields.GetValueOrDefault("spec.nodeName") is { Length: > 0 } node ? node : record.Node;
        if (record.SaveRequestAt is null && pod.Json.AsSpan().IndexOf(SaveRequestKey) >= 0)
        {
            // Parsed once per pod, only for the write that carries the first request.
            using var json = JsonDocument.Parse(pod.Json);
            record.SaveRequest = json.RootElement.GetProperty("metadata").GetProperty("annotations").GetProperty(Annotations.SaveRequest).GetString();
            record.SaveRequestAt = now;
        }

        return false;
    }

    private bool OnRun(StoredObject run)
    {
        if (_runPhases.TryGetValue(run.Key, out var seen) && run.ResourceVersion < seen.Version)
        {
            return false;
        }

        using var json = JsonDocument.Parse(run.Json);
        var phase = json.RootElement.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var p) ? p.GetString() : null;
        _runPhases[run.Key] = (run.ResourceVersion, phase ?? "");
        return false;
    }

    private sealed class PodRecord
    {
        public long Version { get; set; }

        public string? Phase { get; set; }

        public string? Node { get; set; }

        public long? SaveRequestAt { get; set; }

        public string? SaveRequest { get; set; }
    }
}
